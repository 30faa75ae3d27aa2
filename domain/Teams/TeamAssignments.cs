using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Domain.Teams;

/// <summary>The <see cref="TeamAssigner"/> over the stored teams, technicians and their open jobs.</summary>
public static class TeamAssignments
{
    private static readonly ServiceRequestStatus[] Finished =
        [ServiceRequestStatus.Resolved, ServiceRequestStatus.ServiceCompleted, ServiceRequestStatus.Closed, ServiceRequestStatus.Cancelled];

    private static readonly FieldTaskStatus[] OpenTasks =
        [FieldTaskStatus.Scheduled, FieldTaskStatus.EnRoute, FieldTaskStatus.OnSite, FieldTaskStatus.NobodyHome];

    /// <summary>The choice and the stored team and technician it names (either may be null).</summary>
    public sealed record Choice(Assignment Assignment, TeamRecord? Team, TechnicianRecord? Technician);

    public static async Task<Choice> AssignAsync(DbContext db, string productLine, string region, IReadOnlyList<string> skills,
        CancellationToken ct)
    {
        var teams = await db.Set<TeamRecord>().AsNoTracking().ToListAsync(ct);
        var technicians = await db.Set<TechnicianRecord>().AsNoTracking().ToListAsync(ct);
        var requests = await db.Set<ServiceRequest>().AsNoTracking()
            .Where(r => r.AssigneeId != null && !Finished.Contains(r.Status))
            .GroupBy(r => r.AssigneeId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var tasks = await db.Set<FieldTask>().AsNoTracking().Where(t => OpenTasks.Contains(t.Status))
            .GroupBy(t => t.TechnicianId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var assigner = new TeamAssigner(teams.Select(team => team.ToTeam(technicians.Where(t => t.TeamId == team.Id)
            .Select(t => t.ToTechnician(requests.GetValueOrDefault(t.Id) + tasks.GetValueOrDefault(t.Id))))));
        var choice = assigner.Assign(new AssignmentRequest(productLine, region, [.. skills]));
        return new Choice(choice, teams.FirstOrDefault(t => t.Code == choice.TeamId),
            technicians.FirstOrDefault(t => t.Code == choice.TechnicianId));
    }
}
