using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
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

internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", List).WithSummary("Tasks by status (open by default), most urgent due time first");
        group.MapGet("/{id:guid}", Get).WithSummary("One task");
        group.MapPost("/{id:guid}/complete", Complete)
            .WithSummary("Complete with an outcome and form data; If-Match: \"<version>\" guards against a stale screen");
        return app;
    }

    private static async Task<Ok<List<TaskView>>> List(DbContext db, HumanTaskStatus status = HumanTaskStatus.Open, Guid? instanceId = null,
        string? assignee = null, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, 200));
        var query = db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.Status == status);
        if (instanceId is { } i) query = query.Where(t => t.InstanceId == i);
        if (!string.IsNullOrEmpty(assignee)) query = query.Where(t => t.Assignee == assignee);
        var tasks = await query.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.CreatedAt)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(tasks.Select(TaskView.From).ToList());
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> Get(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } task
            ? TypedResults.Ok(TaskView.From(task))
            : Problems.NotFound($"No task has the id {id}.");

    private static async Task<Results<Accepted<TaskCompleted>, ProblemHttpResult, ValidationProblem>> Complete(Guid id,
        CompleteTaskRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, TaskCompletion completion, CancellationToken ct)
    {
        int? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (!int.TryParse(ifMatch.Trim().Replace("W/", "").Trim('"'), out var version))
                return Problems.Invalid("If-Match", "If-Match must be the task's version, e.g. \"1\".");
            expected = version;
        }
        return await completion.CompleteAsync(id, body.Outcome, body.Data, expected, null, ct) switch
        {
            TaskCompletionResult.Accepted a => TypedResults.Accepted($"/api/instances/{a.Task.InstanceId}",
                new TaskCompleted(a.Task.Id, a.Task.InstanceId, a.Task.Outcome!, a.Task.Version, $"/api/instances/{a.Task.InstanceId}")),
            TaskCompletionResult.NotFound => Problems.NotFound($"No task has the id {id}."),
            TaskCompletionResult.Invalid i => Problems.Invalid(i.Errors),
            TaskCompletionResult.Conflict c => Problems.Conflict(c.Message, new Dictionary<string, object?>
            {
                ["task"] = TaskView.From(c.Task),
            }),
            _ => throw new InvalidOperationException(),
        };
    }
}
