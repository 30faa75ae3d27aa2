using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>One entry a picker offers: the value a flow stores (<paramref name="Id"/>: username, team code or role) and what a
/// person reads (<paramref name="Name"/>), with a hint (a user's roles, a team's regions).</summary>
public sealed record DirectoryEntry(string Kind, string Id, string Name, string? Detail);

/// <summary>
/// <c>GET /api/directory?kind=user|team|role&amp;q=&amp;limit=</c>: the people, teams and roles a flow can assign work to, for the
/// designer's pickers. Readable by the staff roles (not Integrator); it shows active users' usernames, names and roles only.
/// </summary>
internal static class DirectoryEndpoints
{
    public const string Route = "/api/directory";
    public const int MaxLimit = 100;
    public static readonly string[] Kinds = ["user", "team", "role"];

    public static IEndpointRouteBuilder MapDirectory(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, ListAsync).WithTags("Users").Produces<List<DirectoryEntry>>().ProducesValidationProblem()
            .WithSummary("Users, teams or roles for a picker: ?kind=user|team|role, ?q= (part of the id or name), ?limit= (1–100, default 20)");
        return app;
    }

    private static async Task<IResult> ListAsync(DbContext db, string? kind, string? q, int? limit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var k = kind?.Trim().ToLowerInvariant();
        if (k is null || !Kinds.Contains(k))
            errors["kind"] = [$"kind is one of {string.Join(", ", Kinds)}."];
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"limit is from 1 to {MaxLimit}."];
        if (q?.Length > 100)
            errors["q"] = ["q is at most 100 characters."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        var take = limit ?? 20;
        var text = q?.Trim().ToLowerInvariant() ?? "";
        List<DirectoryEntry> entries = k switch
        {
            "user" => (await db.Set<UserRecord>().AsNoTracking()
                    .Where(u => u.Active && (text == "" || u.Username.Contains(text) || u.DisplayName.ToLower().Contains(text)))
                    .OrderBy(u => u.Username).Take(take).ToListAsync(ct))
                .Select(u => new DirectoryEntry("user", u.Username, u.DisplayName, string.Join(", ", u.Roles))).ToList(),
            "team" => (await db.Set<TeamRecord>().AsNoTracking()
                    .Where(t => text == "" || t.Code.ToLower().Contains(text) || t.Name.ToLower().Contains(text))
                    .OrderBy(t => t.Code).Take(take).ToListAsync(ct))
                .Select(t => new DirectoryEntry("team", t.Code, t.Name, string.Join(", ", t.Regions))).ToList(),
            _ => Roles.All.Where(r => text == "" || r.Contains(text, StringComparison.OrdinalIgnoreCase)).Take(take)
                .Select(r => new DirectoryEntry("role", r, r, null)).ToList(),
        };
        return TypedResults.Ok(entries);
    }
}
