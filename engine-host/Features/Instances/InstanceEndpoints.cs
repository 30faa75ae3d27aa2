using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Instances;

public sealed record StartInstanceRequest(string DefinitionId, JsonObject? Input, string? CorrelationId, bool Sandbox = false);

public sealed record StartedAnswer(Guid InstanceId, string DefinitionId, int DefinitionVersion, string StatusUrl);

public sealed record InstanceSummary(Guid Id, string DefinitionId, int DefinitionVersion, InstanceStatus Status, string? CorrelationId,
    bool Sandbox, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record BookmarkView(string ActivityId, string Name, string CorrelationKey, DateTimeOffset? DueAt, DateTimeOffset CreatedAt);

public sealed record IncidentView(Guid Id, string ActivityId, string ActivityType, string Message, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? Resolution);

public sealed record InstanceDetail(InstanceSummary Instance, JsonNode? Input, JsonNode? Variables, JsonNode? Outputs, JsonNode? Output,
    Guid? ParentInstanceId, IReadOnlyList<BookmarkView> Bookmarks, IReadOnlyList<IncidentView> Incidents);

public sealed record LogEntry(int Sequence, string ActivityId, string ActivityType, string Event, string? Outcome, DateTimeOffset At,
    double? DurationMs, string? Stimulus, string? Message);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public sealed record CancelRequest(string? Reason);

public sealed record SkipRequest(string Outcome);

public sealed record DispatchAccepted(Guid InstanceId, long DispatchId, string StatusUrl);

internal static class InstanceEndpoints
{
    public static IEndpointRouteBuilder MapInstances(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances").WithTags("Instances");
        group.MapPost("/", Start).WithSummary("Start an instance of the published version; 202 once the start is committed");
        group.MapGet("/", List).WithSummary("Instances, newest first, filtered by flow and status");
        group.MapGet("/{id:guid}", Get).WithSummary("Status, pinned version, variables, bookmarks and incidents");
        group.MapGet("/{id:guid}/log", Log).WithSummary("The execution log: every activity start/end/outcome/fault");
        group.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancel the instance and its children; their tasks and timers are withdrawn");
        group.MapPost("/{id:guid}/incidents/{incidentId:guid}/retry", Retry).WithSummary("Run the failed activity again");
        group.MapPost("/{id:guid}/incidents/{incidentId:guid}/skip", Skip).WithSummary("Leave the failed activity with a chosen outcome");
        group.MapPost("/{id:guid}/migrate", Migrate)
            .WithSummary("Move a waiting instance to another version with an activity-id mapping; dryRun says what would change");
        app.MapPost("/api/events/{name}", RaiseEvent).WithTags("Events")
            .WithSummary("Resume every WaitForEvent waiting for this name and correlation key (or keep the event until one waits)");
        return app;
    }

    private static async Task<Results<Accepted<StartedAnswer>, ProblemHttpResult, ValidationProblem>> Start(StartInstanceRequest body,
        WorkflowClient client, DbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.DefinitionId))
            return Problems.Invalid("definitionId", "Name the flow to start.");
        var started = await client.StartAsync(body.DefinitionId, body.Input, body.CorrelationId, ct, body.Sandbox);
        if (started is null)
            return Problems.NotFound($"'{body.DefinitionId}' has no published version to start.");
        await db.SaveChangesAsync(ct);
        var url = $"/api/instances/{started.InstanceId}";
        return TypedResults.Accepted(url, new StartedAnswer(started.InstanceId, started.DefinitionId, started.DefinitionVersion, url));
    }

    private static async Task<Ok<Paged<InstanceSummary>>> List(DbContext db, string? definitionId, InstanceStatus? status,
        string? correlationId, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, 200));
        var query = db.Set<InstanceRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(definitionId)) query = query.Where(i => i.DefinitionId == definitionId);
        if (status is { } s) query = query.Where(i => i.Status == s);
        if (!string.IsNullOrEmpty(correlationId)) query = query.Where(i => i.CorrelationId == correlationId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new InstanceSummary(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.CorrelationId, i.Sandbox,
                i.CreatedAt, i.UpdatedAt, i.CompletedAt)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<InstanceSummary>(items, page, pageSize, total));
    }

    private static async Task<Results<Ok<InstanceDetail>, ProblemHttpResult>> Get(Guid id, DbContext db, CancellationToken ct)
    {
        var i = await db.Set<InstanceRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (i is null)
            return Problems.NotFound($"No instance has the id {id}.");
        var bookmarks = await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.InstanceId == id).OrderBy(b => b.CreatedAt)
            .Select(b => new BookmarkView(b.ActivityId, b.Name, b.CorrelationKey, b.DueAt, b.CreatedAt)).ToListAsync(ct);
        var incidents = await db.Set<IncidentRecord>().AsNoTracking().Where(x => x.InstanceId == id).OrderBy(x => x.CreatedAt)
            .Select(x => new IncidentView(x.Id, x.ActivityId, x.ActivityType, x.Message, x.Attempts, x.CreatedAt, x.ResolvedAt, x.Resolution))
            .ToListAsync(ct);
        var state = InstanceState.Parse(i.State);
        return TypedResults.Ok(new InstanceDetail(Summary(i), JsonNode.Parse(i.Input), state.Vars, state.Outputs,
            i.Output is null ? null : JsonNode.Parse(i.Output), i.ParentInstanceId, bookmarks, incidents));
    }

    private static async Task<Results<Ok<List<LogEntry>>, ProblemHttpResult>> Log(Guid id, DbContext db, CancellationToken ct)
    {
        if (!await db.Set<InstanceRecord>().AnyAsync(i => i.Id == id, ct))
            return Problems.NotFound($"No instance has the id {id}.");
        var log = await db.Set<ExecutionLogRecord>().AsNoTracking().Where(l => l.InstanceId == id).OrderBy(l => l.Sequence)
            .Select(l => new LogEntry(l.Sequence, l.ActivityId, l.ActivityType, l.Event, l.Outcome, l.At, l.DurationMs, l.Stimulus, l.Message))
            .ToListAsync(ct);
        return TypedResults.Ok(log);
    }

    private static async Task<Results<Accepted<DispatchAccepted>, ProblemHttpResult>> Cancel(Guid id, CancelRequest? body,
        WorkflowClient client, DbContext db, CancellationToken ct)
    {
        var instance = await db.Set<InstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (instance is null)
            return Problems.NotFound($"No instance has the id {id}.");
        if (instance.IsFinished)
            return Problems.Conflict($"The instance is already {instance.Status}.");
        var dispatch = client.Cancel(id, body?.Reason ?? "cancelled through the API");
        await db.SaveChangesAsync(ct);
        return Accept(id, dispatch);
    }

    private static Task<Results<Accepted<DispatchAccepted>, ProblemHttpResult>> Retry(Guid id, Guid incidentId, WorkflowClient client,
        DbContext db, CancellationToken ct) =>
        ResolveIncident(id, incidentId, db, ct, () => client.RetryIncident(id, incidentId));

    private static Task<Results<Accepted<DispatchAccepted>, ProblemHttpResult>> Skip(Guid id, Guid incidentId, SkipRequest body,
        WorkflowClient client, DbContext db, CancellationToken ct) =>
        ResolveIncident(id, incidentId, db, ct, () => client.SkipIncident(id, incidentId, body.Outcome));

    private static async Task<Results<Accepted<DispatchAccepted>, ProblemHttpResult>> ResolveIncident(Guid id, Guid incidentId, DbContext db,
        CancellationToken ct, Func<DispatchRecord> write)
    {
        var incident = await db.Set<IncidentRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId && i.InstanceId == id, ct);
        if (incident is null)
            return Problems.NotFound($"Instance {id} has no incident {incidentId}.");
        if (incident.ResolvedAt is not null)
            return Problems.Conflict($"The incident was already resolved ({incident.Resolution}).");
        var dispatch = write();
        await db.SaveChangesAsync(ct);
        return Accept(id, dispatch);
    }

    public sealed record RaiseEventRequest(string CorrelationKey, JsonNode? Payload);

    public sealed record EventAccepted(string Name, string CorrelationKey, IReadOnlyList<Guid> ResumedInstances, Guid? PendingId);

    private static async Task<Results<Accepted<EventAccepted>, ValidationProblem>> RaiseEvent(string name, RaiseEventRequest body,
        WorkflowClient client, DbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.CorrelationKey))
            return Problems.Invalid("correlationKey", "An event needs the correlation key of what it is about.");
        var raised = await client.RaiseEventAsync(name, body.CorrelationKey, body.Payload, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted((string?)null,
            new EventAccepted(name, body.CorrelationKey, raised.ResumedInstances, raised.PendingStimulusId));
    }

    private static async Task<Results<Ok<MigrationPlan>, ProblemHttpResult>> Migrate(Guid id, MigrationRequest body,
        InstanceMigration migration, CancellationToken ct)
    {
        try
        {
            var plan = await migration.MigrateAsync(id, body, ct);
            if (plan is null)
                return Problems.NotFound($"No instance has the id {id}.");
            return plan.Refusals.Count > 0
                ? Problems.Conflict(string.Join(" ", plan.Refusals), new Dictionary<string, object?> { ["plan"] = plan })
                : TypedResults.Ok(plan);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("The instance moved on while it was being migrated; look at it again and retry.");
        }
    }

    private static Accepted<DispatchAccepted> Accept(Guid id, DispatchRecord dispatch) =>
        TypedResults.Accepted($"/api/instances/{id}", new DispatchAccepted(id, dispatch.Id, $"/api/instances/{id}"));

    private static InstanceSummary Summary(InstanceRecord i) =>
        new(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.CorrelationId, i.Sandbox, i.CreatedAt, i.UpdatedAt, i.CompletedAt);
}
