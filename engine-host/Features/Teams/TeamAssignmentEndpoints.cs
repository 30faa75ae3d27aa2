using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Teams;

public sealed record AssignmentQuestion(string? ProductLine, string? Region, List<string>? RequiredSkills);

/// <summary>The choice: a technician (and team), the team's queue, or no team; ids are the codes, with the record ids beside them.</summary>
public sealed record AssignmentAnswer(AssignmentOutcome Outcome, string? TeamCode, Guid? TeamId, string? TechnicianCode,
    Guid? TechnicianId, IReadOnlyList<string> Explanation);

internal static class TeamAssignmentEndpoints
{
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

        var (choice, team, technician) = await TeamAssignments.AssignAsync(db, line, region, skills, ct);
        return TypedResults.Ok(new AssignmentAnswer(choice.Outcome, choice.TeamId, team?.Id, choice.TechnicianId, technician?.Id,
            choice.Explanation));
    }
}
