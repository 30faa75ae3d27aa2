using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>A user's saved inbox view: the list's query (view, filters, sort), the columns shown, optionally shared with a team.</summary>
public sealed class InboxViewRecord
{
    public Guid Id { get; set; }
    public required string Owner { get; set; }
    public required string Name { get; set; }

    /// <summary>The <c>GET /api/tasks</c> parameters as a JSON object: <c>{ "view": "team", "priority": ["high"], … }</c>.</summary>
    public string Filters { get; set; } = "{}";

    /// <summary>The columns, in order, as a JSON array of row field names.</summary>
    public string Columns { get; set; } = "[]";
    public string? Sort { get; set; }

    /// <summary>The team code the view is shared with; its members see it (read-only).</summary>
    public string? SharedWithTeam { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

internal sealed class InboxViewRecordConfiguration : IEntityTypeConfiguration<InboxViewRecord>
{
    public void Configure(EntityTypeBuilder<InboxViewRecord> e)
    {
        e.ToTable("inbox_views");
        e.HasKey(x => x.Id);
        e.Property(x => x.Owner).HasMaxLength(100);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Filters).HasMaxLength(4000);
        e.Property(x => x.Columns).HasMaxLength(2000);
        e.Property(x => x.Sort).HasMaxLength(20);
        e.Property(x => x.SharedWithTeam).HasMaxLength(100);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.Owner, x.Name }).IsUnique();
        e.HasIndex(x => x.SharedWithTeam);
    }
}

public sealed record InboxViewInput(string? Name, JsonObject? Filters, List<string>? Columns, string? Sort, string? SharedWithTeam);

/// <param name="Mine">The caller owns it (and may change it); else a teammate shared it.</param>
public sealed record InboxViewView(Guid Id, string Name, string Owner, bool Mine, JsonObject Filters, IReadOnlyList<string> Columns, string? Sort,
    string? SharedWithTeam, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static InboxViewView From(InboxViewRecord r, string user) => new(r.Id, r.Name, r.Owner, r.Owner == user,
        JsonNode.Parse(r.Filters) as JsonObject ?? [], (JsonNode.Parse(r.Columns) as JsonArray ?? []).Select(c => c!.GetValue<string>()).ToList(),
        r.Sort, r.SharedWithTeam, r.CreatedAt, r.UpdatedAt, r.Version);
}

/// <summary><c>/api/inbox-views</c>: personal saved views, CRUD; a view shared with a team is listed for its members.</summary>
internal static class InboxViewEndpoints
{
    /// <summary>The row fields a view may show as columns.</summary>
    public static readonly string[] Columns =
    [
        "title", "requestNumber", "requestType", "requestStatus", "customerName", "productName", "priority", "assignee", "team", "role",
        "status", "dueAt", "slaRemaining", "createdAt", "completedAt", "completedBy", "outcome",
    ];

    private static readonly string[] ListFilters = ["status", "type", "priority", "team", "assignee"];

    public static IEndpointRouteBuilder MapInboxViews(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inbox-views").WithTags("Inbox views");
        group.MapGet("/", ListAsync).WithSummary("My saved views and those my teams' members shared with my teams");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("One saved view");
        group.MapPost("/", CreateAsync).WithSummary("Save a view: name, filters (GET /api/tasks parameters), columns, sort, optionally shared with one of my teams");
        group.MapPut("/{id:guid}", UpdateAsync).WithSummary("Change my view (If-Match: its version)");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete my view");
        return app;
    }

    private static async Task<Ok<List<InboxViewView>>> ListAsync(DbContext db, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var teams = user.Teams;
        var views = await db.Set<InboxViewRecord>().AsNoTracking()
            .Where(v => v.Owner == user.Name || (v.SharedWithTeam != null && teams.Contains(v.SharedWithTeam)))
            .OrderBy(v => v.Name).ThenBy(v => v.Id).Take(500).ToListAsync(ct);
        return TypedResults.Ok(views.OrderBy(v => v.Owner != user.Name).ThenBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(v => InboxViewView.From(v, user.Name)).ToList());
    }

    private static async Task<Results<Ok<InboxViewView>, ProblemHttpResult>> GetAsync(Guid id, DbContext db, ClaimsPrincipal principal,
        CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var view = await db.Set<InboxViewRecord>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        return view is not null && Visible(view, user)
            ? TypedResults.Ok(InboxViewView.From(view, user.Name))
            : Problems.NotFound($"No inbox view has the id {id}.");
    }

    private static async Task<Results<Created<InboxViewView>, ValidationProblem, ProblemHttpResult>> CreateAsync(InboxViewInput? body, DbContext db,
        ClaimsPrincipal principal, TimeProvider clock, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var now = clock.GetUtcNow();
        var view = new InboxViewRecord { Id = Guid.CreateVersion7(), Owner = user.Name, Name = "", CreatedAt = now };
        if (await ApplyAsync(db, view, body, user, now, ct) is { } invalid)
            return invalid;
        db.Add(view);
        if (!await SaveAsync(db, ct))
            return Problems.Conflict($"You have a view called '{view.Name}' already.");
        return TypedResults.Created($"/api/inbox-views/{view.Id}", InboxViewView.From(view, user.Name));
    }

    private static async Task<Results<Ok<InboxViewView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, InboxViewInput? body,
        DbContext db, ClaimsPrincipal principal, TimeProvider clock, HttpRequest request, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var view = await db.Set<InboxViewRecord>().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null || !Visible(view, user))
            return Problems.NotFound($"No inbox view has the id {id}.");
        if (view.Owner != user.Name)
            return TypedResults.Problem($"The view is {view.Owner}'s; save a copy of your own instead.", statusCode: 403, title: "Forbidden",
                type: ProblemTypes.For(403));
        if (!TaskActions.TryParseVersion(request.Headers.IfMatch.FirstOrDefault(), out var expected))
            return Problems.Invalid("If-Match", "If-Match must be the view's version, e.g. \"1\".");
        if (expected is { } v && v != view.Version)
            return Problems.Conflict($"The view changed since you loaded it (version {view.Version}, you saw {v}).");
        if (await ApplyAsync(db, view, body, user, clock.GetUtcNow(), ct) is { } invalid)
            return invalid;
        view.Version++;
        if (!await SaveAsync(db, ct))
            return Problems.Conflict($"You have a view called '{view.Name}' already, or the view changed meanwhile.");
        return TypedResults.Ok(InboxViewView.From(view, user.Name));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, DbContext db, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var view = await db.Set<InboxViewRecord>().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null || !Visible(view, user))
            return Problems.NotFound($"No inbox view has the id {id}.");
        if (view.Owner != user.Name && !user.Roles.Contains(Identity.Roles.Admin))
            return TypedResults.Problem($"The view is {view.Owner}'s.", statusCode: 403, title: "Forbidden", type: ProblemTypes.For(403));
        db.Remove(view);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static bool Visible(InboxViewRecord view, InboxUser user) =>
        view.Owner == user.Name || (view.SharedWithTeam is not null && user.Teams.Contains(view.SharedWithTeam));

    private static async Task<bool> SaveAsync(DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Checks the input (each problem names its field: <c>name</c>, <c>filters.priority</c>, <c>columns</c>, …) and copies it.</summary>
    private static async Task<ValidationProblem?> ApplyAsync(DbContext db, InboxViewRecord view, InboxViewInput? body, InboxUser user,
        DateTimeOffset now, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (body is null)
            return Problems.Invalid("name", "Send { name, filters, columns, sort, sharedWithTeam }.");
        var name = e.Required("name", body.Name, 100);
        var filters = body.Filters ?? [];
        foreach (var (key, value) in filters)
        {
            switch (key)
            {
                case "view":
                    if (value?.GetValueKind() != global::System.Text.Json.JsonValueKind.String || !InboxQuery.Views.Contains(value.GetValue<string>()))
                        e.Add("filters.view", $"Use one of {string.Join(", ", InboxQuery.Views)}.");
                    else if (value.GetValue<string>() == "all" && !user.Supervises)
                        e.Add("filters.view", "The 'all' view is for supervisors and admins.");
                    break;
                case "dueBefore" or "q":
                    if (value?.GetValueKind() != global::System.Text.Json.JsonValueKind.String)
                        e.Add($"filters.{key}", $"{key} is text.");
                    break;
                case var list when ListFilters.Contains(list):
                    var values = value is JsonArray array ? array.Select(v => v?.GetValueKind() == global::System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null).ToList()
                        : value?.GetValueKind() == global::System.Text.Json.JsonValueKind.String ? [value.GetValue<string>()] : [null];
                    foreach (var bad in values.Where(v => v is null || !Allowed(list, v)))
                        e.Add($"filters.{list}", bad is null ? $"{list} is a list of text values." : $"'{bad}' is not a valid {list}.");
                    break;
                default:
                    e.Add($"filters.{key}", $"'{key}' is not a filter: use view, status, type, priority, team, assignee, dueBefore or q.");
                    break;
            }
        }
        var columns = body.Columns ?? [];
        foreach (var bad in columns.Where(c => !Columns.Contains(c)))
            e.Add("columns", $"'{bad}' is not a column: use {string.Join(", ", Columns)}.");
        if (columns.Count != columns.Distinct().Count())
            e.Add("columns", "A column is listed twice.");
        var sort = string.IsNullOrWhiteSpace(body.Sort) ? null : body.Sort.Trim().ToLowerInvariant();
        if (sort is not null && !InboxQuery.Sorts.Contains(sort))
            e.Add("sort", $"Use one of {string.Join(", ", InboxQuery.Sorts)}.");
        var team = string.IsNullOrWhiteSpace(body.SharedWithTeam) ? null : body.SharedWithTeam.Trim();
        if (team is not null)
        {
            if (!user.Supervises && !user.Teams.Contains(team))
                e.Add("sharedWithTeam", $"You can share a view only with a team you are in ({string.Join(", ", user.Teams)}).");
            else if (!await db.Set<TeamRecord>().AsNoTracking().AnyAsync(t => t.Code == team, ct))
                e.Add("sharedWithTeam", $"No team has the code '{team}'.");
        }
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        view.Name = name;
        view.Filters = filters.ToJsonString();
        view.Columns = new JsonArray(columns.Select(c => (JsonNode?)c).ToArray()).ToJsonString();
        view.Sort = sort;
        view.SharedWithTeam = team;
        view.UpdatedAt = now;
        return null;
    }

    private static bool Allowed(string filter, string value) => filter switch
    {
        "status" => Enum.TryParse<HumanTaskStatus>(value, true, out _) && !char.IsDigit(value[0]),
        "type" => Enum.TryParse<ServiceRequestType>(value, true, out _) && !char.IsDigit(value[0]),
        "priority" => InboxQuery.Priorities.Contains(value.ToLowerInvariant()),
        _ => value.Length is > 0 and <= 100,
    };
}
