using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Identity;

/// <param name="Password">Create only (at least 8 characters); change it later with POST /api/users/{username}/password.</param>
/// <param name="Locale">en or zh-CN.</param>
/// <param name="TimeZone">An IANA time zone, e.g. Asia/Shanghai.</param>
public sealed record UserInput(string? Username, string? DisplayName, string? Email, string? Password, List<string>? Roles,
    List<string>? Teams, string? TechnicianCode, string? Locale, string? TimeZone, bool? Active);

public sealed record PasswordInput(string? Password);

/// <summary>A user as the API shows one (never the password hash).</summary>
public sealed record UserView(Guid Id, string Username, string DisplayName, string? Email, IReadOnlyList<string> Roles,
    IReadOnlyList<string> Teams, string? TechnicianCode, string Locale, string TimeZone, bool Active, DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastLoginAt)
{
    public static UserView Of(UserRecord u) => new(u.Id, u.Username, u.DisplayName, u.Email, u.Roles, u.Teams, u.TechnicianCode,
        u.Locale, u.TimeZone, u.Active, u.LockedUntil, u.CreatedAt, u.UpdatedAt, u.LastLoginAt);
}

/// <summary><c>/api/users</c> (Admin): list, create, change roles, teams and details, deactivate, reset a password.</summary>
internal static class UserEndpoints
{
    public const int MinPasswordLength = 8;
    public static readonly string[] Locales = ["en", "zh-CN"];

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).Produces<ListPage<UserView>>().WithSummary("Users by username, paged; ?role=, ?active=, ?q= (username or name)");
        group.MapGet("/{username}", GetAsync).Produces<UserView>().ProducesProblem(404).WithSummary("One user");
        group.MapPost("/", CreateAsync).Produces<UserView>(201).ProducesValidationProblem().ProducesProblem(409)
            .WithSummary("Create a user with a password, roles, teams, locale and time zone");
        group.MapPut("/{username}", UpdateAsync).Produces<UserView>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Change a user's name, email, roles, teams, technician, locale, time zone or active flag (the username stays)");
        group.MapPost("/{username}/deactivate", (string username, DbContext db, TimeProvider time, SessionStamps stamps, CancellationToken ct) =>
                SetActiveAsync(username, false, db, time, stamps, ct))
            .Produces<UserView>().ProducesProblem(404).ProducesProblem(409).WithSummary("Deactivate: no sign-in, current sessions end");
        group.MapPost("/{username}/activate", (string username, DbContext db, TimeProvider time, SessionStamps stamps, CancellationToken ct) =>
                SetActiveAsync(username, true, db, time, stamps, ct))
            .Produces<UserView>().ProducesProblem(404).WithSummary("Activate again");
        group.MapPost("/{username}/password", ResetPasswordAsync).Produces(204).ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Set a new password (unlocks the account; current sessions end)");
        return app;
    }

    private static async Task<IResult> ListAsync(DbContext db, string? role, bool? active, string? q, int page = 1, int pageSize = 50,
        CancellationToken ct = default)
    {
        if (page < 1 || pageSize is < 1 or > Lists.MaxPageSize)
            return Problems.Invalid(page < 1 ? "page" : "pageSize", $"page is from 1; pageSize from 1 to {Lists.MaxPageSize}.");
        var users = db.Set<UserRecord>().AsNoTracking();
        if (active is { } a) users = users.Where(u => u.Active == a);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLowerInvariant();
            users = users.Where(u => u.Username.Contains(text) || u.DisplayName.ToLower().Contains(text));
        }
        // roles are a JSON list: few users, so the role filter runs after reading
        var all = await users.OrderBy(u => u.Username).ToListAsync(ct);
        if (Roles.Canonical(role) is { } r)
            all = all.Where(u => u.Roles.Contains(r)).ToList();
        else if (!string.IsNullOrWhiteSpace(role))
            return Problems.Invalid("role", $"'{role}' is not a role: one of {string.Join(", ", Roles.All)}.");
        return TypedResults.Ok(new ListPage<UserView>(all.Skip((page - 1) * pageSize).Take(pageSize).Select(UserView.Of).ToList(),
            page, pageSize, all.Count));
    }

    private static async Task<IResult> GetAsync(string username, DbContext db, CancellationToken ct) =>
        await FindAsync(db, username, false, ct) is { } user ? TypedResults.Ok(UserView.Of(user)) : NotFound(username);

    private static async Task<IResult> CreateAsync(UserInput body, DbContext db, IPasswordHasher<UserRecord> hasher, TimeProvider time,
        CancellationToken ct)
    {
        var e = new FieldErrors();
        var username = e.Required("username", body.Username, 64).ToLowerInvariant();
        if (username.Length > 0 && !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            e.Add("username", "username has letters, digits and . - _ @ only.");
        if (string.IsNullOrEmpty(body.Password) || body.Password.Length < MinPasswordLength)
            e.Add("password", $"password is required: at least {MinPasswordLength} characters.");
        var user = new UserRecord { Username = username, DisplayName = "", PasswordHash = "", CreatedAt = time.GetUtcNow() };
        await ApplyAsync(e, body, user, db, ct);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        if (await db.Set<UserRecord>().AnyAsync(u => u.Username == username, ct))
            return Problems.Conflict($"The username '{username}' is taken.", Field("username", $"The username '{username}' is taken."));
        user.PasswordHash = hasher.HashPassword(user, body.Password!);
        user.UpdatedAt = user.CreatedAt;
        db.Add(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/users/{user.Username}", UserView.Of(user));
    }

    private static async Task<IResult> UpdateAsync(string username, UserInput body, DbContext db, TimeProvider time, SessionStamps stamps,
        CancellationToken ct)
    {
        var user = await FindAsync(db, username, true, ct);
        if (user is null)
            return NotFound(username);
        var e = new FieldErrors();
        if (body.Username is { } renamed && !string.Equals(renamed.Trim(), user.Username, StringComparison.OrdinalIgnoreCase))
            e.Add("username", "A username cannot change (it is the name on the audit trail); create a new user instead.");
        var before = (string.Join(',', user.Roles), string.Join(',', user.Teams), user.Active);
        await ApplyAsync(e, body, user, db, ct);
        if (body.Active is { } active)
            user.Active = active;
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        if (await LastAdminCheckAsync(db, user, ct) is { } refusal)
            return refusal;
        if (before != (string.Join(',', user.Roles), string.Join(',', user.Teams), user.Active))
            user.SecurityStamp = UserRecord.NewStamp();
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        stamps.Forget(user.Id);
        return TypedResults.Ok(UserView.Of(user));
    }

    private static async Task<IResult> SetActiveAsync(string username, bool active, DbContext db, TimeProvider time, SessionStamps stamps,
        CancellationToken ct)
    {
        var user = await FindAsync(db, username, true, ct);
        if (user is null)
            return NotFound(username);
        if (user.Active == active)
            return TypedResults.Ok(UserView.Of(user));
        user.Active = active;
        if (await LastAdminCheckAsync(db, user, ct) is { } refusal)
            return refusal;
        (user.SecurityStamp, user.UpdatedAt) = (UserRecord.NewStamp(), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        stamps.Forget(user.Id);
        return TypedResults.Ok(UserView.Of(user));
    }

    private static async Task<IResult> ResetPasswordAsync(string username, PasswordInput body, DbContext db, IPasswordHasher<UserRecord> hasher,
        TimeProvider time, SessionStamps stamps, CancellationToken ct)
    {
        var user = await FindAsync(db, username, true, ct);
        if (user is null)
            return NotFound(username);
        if (string.IsNullOrEmpty(body.Password) || body.Password.Length < MinPasswordLength)
            return Problems.Invalid("password", $"password is required: at least {MinPasswordLength} characters.");
        user.PasswordHash = hasher.HashPassword(user, body.Password);
        (user.FailedLogins, user.LockedUntil, user.SecurityStamp, user.UpdatedAt) = (0, null, UserRecord.NewStamp(), time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        stamps.Forget(user.Id);
        return TypedResults.NoContent();
    }

    /// <summary>Validates and applies everything but the username, password and active flag.</summary>
    private static async Task ApplyAsync(FieldErrors e, UserInput body, UserRecord user, DbContext db, CancellationToken ct)
    {
        user.DisplayName = e.Required("displayName", body.DisplayName, 200);
        user.Email = e.Email("email", body.Email);
        var roles = new List<string>();
        foreach (var role in e.List("roles", body.Roles, 32))
        {
            if (Roles.Canonical(role) is { } r) roles.Add(r);
            else e.Add("roles", $"'{role}' is not a role: one of {string.Join(", ", Roles.All)}.");
        }
        user.Roles = roles;
        var teams = e.List("teams", body.Teams, 32);
        var known = await db.Set<TeamRecord>().AsNoTracking().Where(t => teams.Contains(t.Code)).Select(t => t.Code).ToListAsync(ct);
        foreach (var missing in teams.Where(t => !known.Contains(t)))
            e.Add("teams", $"No team has the code '{missing}'.");
        user.Teams = teams;
        user.TechnicianCode = e.Optional("technicianCode", body.TechnicianCode, 32);
        if (user.TechnicianCode is { } code && !await db.Set<TechnicianRecord>().AnyAsync(t => t.Code == code, ct))
            e.Add("technicianCode", $"No technician has the code '{code}'.");
        var locale = body.Locale?.Trim() ?? user.Locale;
        user.Locale = Locales.FirstOrDefault(l => l.Equals(locale, StringComparison.OrdinalIgnoreCase)) ?? locale;
        if (!Locales.Contains(user.Locale))
            e.Add("locale", $"locale is one of {string.Join(", ", Locales)}.");
        user.TimeZone = body.TimeZone?.Trim() ?? user.TimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(user.TimeZone, out _))
            e.Add("timeZone", $"'{user.TimeZone}' is not a time zone (IANA names, e.g. Asia/Shanghai).");
    }

    /// <summary>Someone must stay able to administer: the last active Admin cannot lose the role or be deactivated.</summary>
    private static async Task<IResult?> LastAdminCheckAsync(DbContext db, UserRecord changed, CancellationToken ct)
    {
        if (changed.Active && changed.Roles.Contains(Roles.Admin))
            return null;
        var admins = (await db.Set<UserRecord>().AsNoTracking().Where(u => u.Active && u.Id != changed.Id).ToListAsync(ct))
            .Count(u => u.Roles.Contains(Roles.Admin));
        if (admins > 0)
            return null;
        return Problems.Conflict($"{changed.Username} is the last active Admin: make someone else an Admin first.");
    }

    internal static Task<UserRecord?> FindAsync(DbContext db, string username, bool track, CancellationToken ct)
    {
        var name = username.Trim().ToLowerInvariant();
        var set = track ? db.Set<UserRecord>() : db.Set<UserRecord>().AsNoTracking();
        return set.FirstOrDefaultAsync(u => u.Username == name, ct);
    }

    private static IResult NotFound(string username) => Problems.NotFound($"No user has the username '{username}'.");

    private static Dictionary<string, object?> Field(string field, string message) =>
        new() { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } };
}
