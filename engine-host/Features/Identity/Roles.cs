using System.Security.Claims;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>The six roles. A user or API key holds one or more; <see cref="Policies"/> say which endpoints each opens.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
    public const string Supervisor = "Supervisor";
    public const string Agent = "Agent";
    public const string Technician = "Technician";
    public const string Integrator = "Integrator";

    public static readonly IReadOnlyList<string> All = [Admin, Analyst, Supervisor, Agent, Technician, Integrator];

    /// <summary>The role as spelled in <see cref="All"/>, or null when there is no such role.</summary>
    public static string? Canonical(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The claims every part of the host reads (a contract: the inbox, the audit trail and the UI code against it):
/// <see cref="ClaimTypes.Name"/> is the username, one <see cref="ClaimTypes.Role"/> per role, one <see cref="Team"/>
/// per team code, <see cref="Locale"/>.
/// </summary>
public static class OrchestratorClaims
{
    public const string Team = "team";
    public const string Locale = "locale";
    public const string TimeZone = "time_zone";
    public const string Technician = "technician";

    /// <summary>Changes whenever the user's password, roles or active flag change: older sessions stop working.</summary>
    public const string SecurityStamp = "security_stamp";

    public const string ApiKeyId = "api_key";

    public static IEnumerable<string> Teams(this ClaimsPrincipal user) => user.FindAll(Team).Select(c => c.Value);
}

/// <summary>
/// Named policies for endpoints that declare their own (<c>.RequireAuthorization(Policies.Agent)</c>); an endpoint
/// that declares none is judged by <see cref="AccessRules"/>, and is Admin-only when no rule names it.
/// </summary>
public static class Policies
{
    public const string Admin = "Admin";
    public const string Read = "Read";
    public const string Design = "Design";
    public const string Supervise = "Supervise";
    public const string Operate = "Operate";
    public const string Work = "Work";
    public const string FrontOffice = "FrontOffice";
    public const string FieldWork = "FieldWork";
    public const string MasterData = "MasterData";
    public const string StartFlows = "StartFlows";
    public const string RaiseEvents = "RaiseEvents";
    public const string SignedIn = "SignedIn";
    public const string Staff = "Staff";

    /// <summary>The roles each policy lets in.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Admin] = [Roles.Admin],
        [Read] = [.. Roles.All],
        [Design] = [Roles.Admin, Roles.Analyst],
        [Supervise] = [Roles.Admin, Roles.Supervisor],
        [Operate] = [Roles.Admin, Roles.Supervisor, Roles.Analyst],
        [Work] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Technician],
        [FrontOffice] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [FieldWork] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Technician],
        [MasterData] = [Roles.Admin, Roles.Supervisor],
        [StartFlows] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Integrator],
        [RaiseEvents] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Technician, Roles.Integrator],
        [SignedIn] = [.. Roles.All],
        [Staff] = [Roles.Admin, Roles.Analyst, Roles.Supervisor, Roles.Agent, Roles.Technician],
    };
}
