using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Teams;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>
/// The sample data's people: agent1, tech1 (technician E001 of team T-EAST-AC), supervisor1 and analyst1, all with the
/// password <c>Samples:DemoPassword</c>. Added with the sample data only, and only when that password is set.
/// </summary>
public static class DemoUsers
{
    public const string PasswordKey = "Samples:DemoPassword";

    private static readonly (string Username, string Name, string Role, string? Team, string? Technician, string Locale)[] People =
    [
        ("agent1", "Agent One 客服一号", Roles.Agent, "T-EAST-AC", null, "zh-CN"),
        ("tech1", "王建国", Roles.Technician, "T-EAST-AC", "E001", "zh-CN"),
        ("supervisor1", "Supervisor One 主管", Roles.Supervisor, "T-EAST-AC", null, "zh-CN"),
        ("analyst1", "Analyst One", Roles.Analyst, null, null, "en"),
    ];

    /// <summary>Adds the demo users that are missing; returns how many were added.</summary>
    public static async Task<int> EnsureAsync(IServiceProvider services, DbContext db, CancellationToken ct)
    {
        var password = services.GetRequiredService<IConfiguration>()[PasswordKey];
        if (string.IsNullOrEmpty(password))
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoUsers))
                .LogInformation("No demo users: {Key} is not set", PasswordKey);
            return 0;
        }
        var hasher = services.GetRequiredService<IPasswordHasher<UserRecord>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var teams = await db.Set<TeamRecord>().AsNoTracking().Select(t => t.Code).ToListAsync(ct);
        var technicians = await db.Set<TechnicianRecord>().AsNoTracking().Select(t => t.Code).ToListAsync(ct);
        var added = 0;
        foreach (var p in People)
        {
            if (await db.Set<UserRecord>().AnyAsync(u => u.Username == p.Username, ct))
                continue;
            var user = new UserRecord
            {
                Id = Guid.NewGuid(),
                Username = p.Username,
                DisplayName = p.Name,
                PasswordHash = "",
                Roles = [p.Role],
                Teams = p.Team is { } team && teams.Contains(team) ? [team] : [],
                TechnicianCode = p.Technician is { } code && technicians.Contains(code) ? code : null,
                Locale = p.Locale,
                CreatedAt = now,
                UpdatedAt = now,
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Add(user);
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
