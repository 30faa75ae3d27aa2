using System.Security.Claims;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>
/// Who the caller is for the inbox, from their claims: the username (<see cref="ClaimTypes.Name"/>), the roles
/// (<see cref="ClaimTypes.Role"/>) and the teams (<see cref="OrchestratorClaims.Team"/>). Admins and supervisors see and may
/// take every task; everybody else sees the tasks assigned to them, their teams' tasks, and the unassigned tasks they
/// may take: those whose team is one of theirs (or none) and whose role is one of theirs (or none). A flow's role is
/// matched without regard to case; <c>dispatcher</c> is the supervisors' role.
/// </summary>
public sealed record InboxUser(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, bool Supervises)
{
    /// <summary>Admins, supervisors, analysts (test runs) and integrators read every task; agents and technicians their views'.</summary>
    public bool ReadsAll => Supervises || Roles.Contains(Identity.Roles.Analyst) || Roles.Contains(Identity.Roles.Integrator);

    /// <summary>Task roles (lower case) the flows use, beyond the role names themselves.</summary>
    private static readonly Dictionary<string, string> RoleAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dispatcher"] = Identity.Roles.Supervisor,
    };

    /// <summary>The lower-case task roles this user answers to.</summary>
    public IReadOnlyList<string> TaskRoles { get; } =
    [
        .. Roles.Select(r => r.ToLowerInvariant()),
        .. RoleAliases.Where(a => Roles.Contains(a.Value, StringComparer.OrdinalIgnoreCase)).Select(a => a.Key),
    ];

    public static InboxUser From(ClaimsPrincipal user)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().ToList();
        return new InboxUser(user.Identity?.Name ?? "anonymous", roles, user.Teams().Distinct().ToList(),
            roles.Contains(Identity.Roles.Admin) || roles.Contains(Identity.Roles.Supervisor));
    }

    /// <summary>Whether the user may claim (or complete) this task as it is now.</summary>
    public bool MayTake(HumanTaskRecord task) =>
        Supervises || ((task.Assignee is null || task.Assignee == Name)
                       && (task.Team is null || Teams.Contains(task.Team))
                       && (task.Role is null || TaskRoles.Contains(task.Role.ToLowerInvariant())));

    /// <summary>Whether the task is in one of the user's views.</summary>
    public bool MaySee(HumanTaskRecord task) =>
        Supervises || task.Assignee == Name || (task.Team is not null && Teams.Contains(task.Team)) || MayTake(task);
}
