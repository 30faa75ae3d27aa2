using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Teams;

public sealed record AssignmentQuestion(string? ProductLine, string? Region, List<string>? RequiredSkills);

/// <summary>The choice: a technician (and team), the team's queue, or no team; ids are the codes, with the record ids beside them.</summary>
public sealed record AssignmentAnswer(AssignmentOutcome Outcome, string? TeamCode, Guid? TeamId, string? TechnicianCode,
    Guid? TechnicianId, IReadOnlyList<string> Explanation);

internal static class TeamAssignmentEndpoints
{
    private static readonly ServiceRequestStatus[] Finished =
        [ServiceRequestStatus.Resolved, ServiceRequestStatus.ServiceCompleted, ServiceRequestStatus.Closed, ServiceRequestStatus.Cancelled];

    private static readonly FieldTaskStatus[] OpenTasks =
        [FieldTaskStatus.Scheduled, FieldTaskStatus.EnRoute, FieldTaskStatus.OnSite, FieldTaskStatus.NobodyHome];

    public static IEndpointRouteBuilder MapTeamAssignment(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/teams/assign", AssignAsync).WithTags("Teams")
            .Produces<AssignmentAnswer>().ProducesValidationProblem()
            .WithSummary("Which team and technician a request goes to, and why: teams by product line and region, technicians by "
                + "region and skills, the fewest open jobs wins, ties by team code then technician code");
        return app;
    }

    private static async Task<IResult> AssignAsync(AssignmentQuestion question, DbContext db, CancellationToken ct)
    {
        var e = new FieldErrors();
        var line = e.Required("productLine", question.ProductLine, 64);
        var region = e.Required("region", question.Region, 100);
        var skills = e.List("requiredSkills", question.RequiredSkills, 64);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());

        var teams = await db.Set<TeamRecord>().AsNoTracking().ToListAsync(ct);
        var technicians = await db.Set<TechnicianRecord>().AsNoTracking().ToListAsync(ct);
        var requests = await db.Set<ServiceRequest>().AsNoTracking()
            .Where(r => r.AssigneeId != null && !Finished.Contains(r.Status))
            .GroupBy(r => r.AssigneeId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var tasks = await db.Set<FieldTask>().AsNoTracking().Where(t => OpenTasks.Contains(t.Status))
            .GroupBy(t => t.TechnicianId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        var assigner = new TeamAssigner(teams.Select(team => team.ToTeam(technicians.Where(t => t.TeamId == team.Id)
            .Select(t => t.ToTechnician(requests.GetValueOrDefault(t.Id) + tasks.GetValueOrDefault(t.Id))))));
        var choice = assigner.Assign(new AssignmentRequest(line, region, skills));
        var team = teams.FirstOrDefault(t => t.Code == choice.TeamId);
        var technician = technicians.FirstOrDefault(t => t.Code == choice.TechnicianId);
        return TypedResults.Ok(new AssignmentAnswer(choice.Outcome, choice.TeamId, team?.Id, choice.TechnicianId, technician?.Id,
            choice.Explanation));
    }
}
