using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Identity;

/// <param name="Name">What the key is for, e.g. "crm-integration"; unique among keys not revoked.</param>
/// <param name="Roles">The roles the key acts with (often just Integrator).</param>
/// <param name="ExpiresAt">Optional: after this time the key is refused.</param>
public sealed record ApiKeyInput(string? Name, List<string>? Roles, DateTimeOffset? ExpiresAt);

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, IReadOnlyList<string> Roles, string? CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyView Of(ApiKeyRecord k) =>
        new(k.Id, k.Name, k.Prefix, k.Roles, k.CreatedBy, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.RevokedBy, k.LastUsedAt);
}

/// <summary>The one answer that holds the key itself: keep it now, it cannot be read again.</summary>
public sealed record CreatedApiKey(string Key, ApiKeyView ApiKey);

/// <summary><c>/api/api-keys</c> (Admin): create (the key is shown once), list, revoke.</summary>
internal static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).Produces<List<ApiKeyView>>().WithSummary("Every key, newest first (prefixes only, never the keys)");
        group.MapGet("/{id:guid}", GetAsync).Produces<ApiKeyView>().ProducesProblem(404).WithSummary("One key");
        group.MapPost("/", CreateAsync).Produces<CreatedApiKey>(201).ProducesValidationProblem().ProducesProblem(409)
            .WithSummary("Create a key with roles and an optional expiry; the key is in this answer only (send it as Authorization: Bearer <key>)");
        group.MapPost("/{id:guid}/revoke", RevokeAsync).Produces<ApiKeyView>().ProducesProblem(404)
            .WithSummary("Revoke a key: refused from the next request on");
        return app;
    }

    private static async Task<IResult> ListAsync(DbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Set<ApiKeyRecord>().AsNoTracking().ToListAsync(ct))
            .OrderByDescending(k => k.CreatedAt).Select(ApiKeyView.Of).ToList());

    private static async Task<IResult> GetAsync(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<ApiKeyRecord>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, ct) is { } key
            ? TypedResults.Ok(ApiKeyView.Of(key))
            : Problems.NotFound($"No API key has the id {id}.");

    private static async Task<IResult> CreateAsync(ApiKeyInput body, DbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var e = new FieldErrors();
        var name = e.Required("name", body.Name, 100);
        var roles = new List<string>();
        foreach (var role in e.List("roles", body.Roles, 32))
        {
            if (Roles.Canonical(role) is { } r) roles.Add(r);
            else e.Add("roles", $"'{role}' is not a role: one of {string.Join(", ", Roles.All)}.");
        }
        if (roles.Count == 0 && !e.Has("roles"))
            e.Add("roles", $"A key needs at least one role: {string.Join(", ", Roles.All)}.");
        var now = time.GetUtcNow();
        if (body.ExpiresAt <= now)
            e.Add("expiresAt", "expiresAt must be in the future.");
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        if (await db.Set<ApiKeyRecord>().AnyAsync(k => k.Name == name && k.RevokedAt == null, ct))
            return Problems.Conflict($"A key named '{name}' exists; revoke it first or choose another name.");

        var key = ApiKeySecrets.NewKey();
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid(),
            Name = name,
            Prefix = ApiKeySecrets.PrefixOf(key),
            Hash = ApiKeySecrets.Hash(key),
            Roles = roles,
            CreatedBy = http.User.Identity?.Name,
            CreatedAt = now,
            ExpiresAt = body.ExpiresAt,
        };
        db.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/api-keys/{record.Id}", new CreatedApiKey(key, ApiKeyView.Of(record)));
    }

    private static async Task<IResult> RevokeAsync(Guid id, DbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var key = await db.Set<ApiKeyRecord>().FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
            return Problems.NotFound($"No API key has the id {id}.");
        if (key.RevokedAt is null)
        {
            (key.RevokedAt, key.RevokedBy) = (time.GetUtcNow(), http.User.Identity?.Name);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(ApiKeyView.Of(key));
    }
}
