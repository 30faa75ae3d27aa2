using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Tasks;

public sealed record TaskView(Guid Id, string Title, string? Description, Guid InstanceId, string ActivityId, string? CorrelationId,
    IReadOnlyList<string> Outcomes, JsonNode? FormFields, string? Assignee, string? Team, string? Role, string? Priority,
    DateTimeOffset? DueAt, HumanTaskStatus Status, string? Outcome, JsonNode? Data, string? CompletedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, int Version)
{
    public static TaskView From(HumanTaskRecord t) => new(t.Id, t.Title, t.Description, t.InstanceId, t.ActivityId, t.CorrelationId,
        (JsonNode.Parse(t.Outcomes) as JsonArray ?? []).Select(o => o!.GetValue<string>()).ToList(), JsonNode.Parse(t.FormFields),
        t.Assignee, t.Team, t.Role, t.Priority, t.DueAt, t.Status, t.Outcome, t.ResultData is null ? null : JsonNode.Parse(t.ResultData),
        t.CompletedBy, t.CreatedAt, t.CompletedAt, t.Version);
}

public sealed record CompleteTaskRequest(string Outcome, JsonObject? Data);

public sealed record TaskCompleted(Guid TaskId, Guid InstanceId, string Outcome, int Version, string StatusUrl);

/// <summary>The inbox's settings (section <c>Inbox</c>).</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>How far ahead the <c>breaching-soon</c> view looks (tasks already breached are in it too).</summary>
    public TimeSpan BreachingSoon { get; set; } = TimeSpan.FromHours(2);
}

public static class InboxExtensions
{
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.Section));
        services.AddSingleton<InboxEventHub>();
        services.AddSingleton<InboxEventsInterceptor>();
        services.AddDbContextInterceptor<InboxEventsInterceptor>();
        return services;
    }
}

/// <summary>
/// The inbox API (docs/inbox.md): the task list with views, filters, sort and paging; one task; completing it; and the
/// actions of <see cref="TaskActions"/> (claim, unclaim, reassign, bulk, comment, next).
/// </summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", List)
            .WithSummary("The inbox: view mine | team | unassigned | breaching-soon | all, filters (several values each), sort (SLA due first), paging; X-Total-Count says how many match (\"1000+\" beyond 1,000)");
        group.MapGet("/{id:guid}", Get).WithSummary("One task as an inbox row");
        group.MapPost("/{id:guid}/complete", Complete)
            .WithSummary("Complete with an outcome and form data; If-Match: \"<version>\" guards against a stale screen");
        group.MapTaskActions();
        group.MapTaskDetail();
        group.MapInboxStream();
        app.MapInboxViews();
        return app;
    }

    private static async Task<Results<Ok<List<InboxRow>>, ValidationProblem, ProblemHttpResult>> List(DbContext db, ClaimsPrincipal principal,
        TimeProvider clock, IOptions<InboxOptions> options, HttpResponse response, string? view = null, [FromQuery] string[]? status = null,
        [FromQuery] string[]? type = null, [FromQuery] string[]? priority = null, [FromQuery] string[]? team = null,
        [FromQuery] string[]? assignee = null, string? dueBefore = null, string? q = null, Guid? instanceId = null, string? sort = null,
        int page = 1, int pageSize = 50, [FromQuery] string[]? role = null, CancellationToken ct = default)
    {
        var user = InboxUser.From(principal);
        if (string.Equals(view?.Trim(), "all", StringComparison.OrdinalIgnoreCase) && !user.Supervises)
            return TypedResults.Problem("The 'all' view is for supervisors and admins; use mine, team, unassigned or breaching-soon.",
                statusCode: 403, title: "Forbidden", type: ProblemTypes.For(403));
        var errors = new FieldErrors();
        var now = clock.GetUtcNow();
        var filter = new InboxFilter(view, status, type, priority, team, assignee, dueBefore, q, instanceId, sort, page, pageSize, role);
        var found = await InboxQuery.RunAsync(db, user, filter, now, options.Value.BreachingSoon, errors, ct);
        if (errors.Any)
            return Problems.Invalid(errors.ToDictionary());
        response.Headers["X-Total-Count"] = found.TotalHeader;
        return TypedResults.Ok(found.Rows);
    }

    private static async Task<Results<Ok<InboxRow>, ProblemHttpResult>> Get(Guid id, DbContext db, ClaimsPrincipal principal, TimeProvider clock,
        CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !(user.ReadsAll || user.MaySee(task)))
            return Problems.NotFound($"No task has the id {id}.");
        return TypedResults.Ok(await InboxRows.OneAsync(db, task, user.Name, clock.GetUtcNow(), ct));
    }

    private static async Task<Results<Accepted<TaskCompleted>, ProblemHttpResult, ValidationProblem>> Complete(Guid id,
        CompleteTaskRequest? body, [FromHeader(Name = "If-Match")] string? ifMatch, TaskCompletion completion, DbContext db,
        ClaimsPrincipal principal, TimeProvider clock, CancellationToken ct)
    {
        if (body is null)
            return Problems.Invalid("outcome", "Send { \"outcome\": \"...\", \"data\": { ... } }.");
        if (!TaskActions.TryParseVersion(ifMatch, out var expected))
            return Problems.Invalid("If-Match", "If-Match must be the task's version, e.g. \"1\".");
        var user = InboxUser.From(principal);
        var seen = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (seen is null)
            return Problems.NotFound($"No task has the id {id}.");
        if (seen.Status == HumanTaskStatus.Open && !user.Supervises && !user.MayTake(seen))
            return TaskActions.Forbidden(seen, user);
        var result = await completion.CompleteAsync(id, body.Outcome, body.Data, expected ?? seen.Version, user.Name, ct);
        switch (result)
        {
            case TaskCompletionResult.Accepted a:
                await InboxRows.MarkReadAsync(db, user.Name, id, a.Task.Version, clock.GetUtcNow(), ct);
                return TypedResults.Accepted($"/api/instances/{a.Task.InstanceId}",
                    new TaskCompleted(a.Task.Id, a.Task.InstanceId, a.Task.Outcome!, a.Task.Version, $"/api/instances/{a.Task.InstanceId}"));
            case TaskCompletionResult.Invalid i:
                return Problems.Invalid(i.Errors);
            case TaskCompletionResult.Conflict c:
                return await TaskActions.ConflictAsync(db, c.Task, c.Message, user, clock, ct);
            default:
                return Problems.NotFound($"No task has the id {id}.");
        }
    }
}
