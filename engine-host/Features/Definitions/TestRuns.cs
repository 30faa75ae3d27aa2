using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Features.Tasks;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Definitions;

/// <summary>An open task of a test run, as the designer's test-run panel shows it.</summary>
public sealed record TestRunTask(Guid Id, string ActivityId, string Title, IReadOnlyList<string> Outcomes, int Version);

/// <summary>
/// What makes a designer test run safe to start on a shipped flow: the throwaway sandbox request it runs on, and its tasks,
/// which are in nobody's inbox and are completed from the test-run panel instead (docs/flows.md, "Test runs").
/// </summary>
internal static class TestRuns
{
    /// <summary>The activity category whose steps work on the instance's service request.</summary>
    private const string AfterSalesCategory = "After-sales";

    public static IEndpointRouteBuilder MapTestRunTasks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/definitions/{definitionId}/test-runs/{instanceId:guid}/tasks", TasksAsync).WithTags("Definitions")
            .WithSummary("The open tasks of a test run (in nobody's inbox), for the designer's test-run panel");
        app.MapPost("/api/definitions/{definitionId}/test-runs/{instanceId:guid}/tasks/{taskId:guid}/complete", CompleteAsync)
            .WithTags("Definitions")
            .WithSummary("Complete a test run's task with an outcome (and form data), as the analyst who drives the run");
        return app;
    }

    /// <summary>A flow with an after-sales step needs a service request to run on.</summary>
    public static bool NeedsRequest(WorkflowDefinition definition, ActivityRegistry registry) =>
        definition.Activities.Any(a => registry.Find(a.Type)?.Descriptor.Category == AfterSalesCategory);

    /// <summary>
    /// The intake body of the sandbox request, from the sample input: <c>type</c>, <c>customer</c> (id or externalId, or
    /// <c>{ id }</c> / <c>{ externalId }</c>), <c>serialNumber</c>, <c>symptom</c>, <c>priority</c>. What is left out comes from
    /// the data: the type of the flow, and the first registered product (by serial number) whose warranty suits it.
    /// </summary>
    public static async Task<NewServiceRequest> RequestBodyAsync(DbContext db, string definitionId, JsonObject? input, TimeProvider clock,
        CancellationToken ct)
    {
        var type = Text(input, "type")
            ?? Enum.GetValues<ServiceRequestType>().Where(t => RequestIntake.FlowOf(t) == definitionId).Select(t => RequestIntake.FlowOf(t))
                .FirstOrDefault()
            ?? "repair";
        var customer = input?["customer"] switch
        {
            JsonObject o => new NewRequestCustomer(Guid.TryParse(Text(o, "id"), out var i) ? i : null, Text(o, "externalId"), Text(o, "name"),
                null, null, null, null),
            JsonValue v when Text(input, "customer") is { } c => Guid.TryParse(c, out var id)
                ? new NewRequestCustomer(id, null, null, null, null, null, null)
                : new NewRequestCustomer(null, c, null, null, null, null, null),
            _ => Guid.TryParse(Text(input, "customerId"), out var cid) ? new NewRequestCustomer(cid, null, null, null, null, null, null) : null,
        };
        var serial = Text(input, "serialNumber");
        if (serial is null && customer is null)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var products = db.Set<InstalledProduct>().AsNoTracking();
            products = type.Contains("out-of-warranty", StringComparison.OrdinalIgnoreCase) ? products.Where(p => p.WarrantyEnd < today)
                : type is "installation" ? products
                : products.Where(p => p.WarrantyEnd >= today);
            var sample = await products.OrderBy(p => p.SerialNumber).Select(p => new { p.SerialNumber, p.CustomerId }).FirstOrDefaultAsync(ct);
            if (sample is not null)
                (serial, customer) = (sample.SerialNumber, new NewRequestCustomer(sample.CustomerId, null, null, null, null, null, null));
        }
        else if (serial is not null && customer is null
                 && await db.Set<InstalledProduct>().AsNoTracking().Where(p => p.SerialNumber == serial).Select(p => (Guid?)p.CustomerId)
                     .FirstOrDefaultAsync(ct) is { } owner)
            customer = new NewRequestCustomer(owner, null, null, null, null, null, null);
        return new NewServiceRequest(type, null, customer, serial, null, null, Text(input, "symptom") ?? "Test run of the designer",
            Text(input, "priority"), null);
    }

    private static async Task<Results<Ok<List<TestRunTask>>, ProblemHttpResult>> TasksAsync(string definitionId, Guid instanceId, DbContext db,
        CancellationToken ct)
    {
        if (!await IsTestRunAsync(db, definitionId, instanceId, ct))
            return Problems.NotFound($"No test run of '{definitionId}' has the id {instanceId}.");
        var tasks = await db.Set<HumanTaskRecord>().AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Sandbox && t.Status == HumanTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(tasks.Select(t => new TestRunTask(t.Id, t.ActivityId, t.Title,
            JsonNode.Parse(t.Outcomes)?.AsArray().Select(o => o?.ToString() ?? "").ToList() ?? [], t.Version)).ToList());
    }

    private static async Task<Results<Accepted<TaskCompleted>, ProblemHttpResult, ValidationProblem>> CompleteAsync(string definitionId,
        Guid instanceId, Guid taskId, CompleteTaskRequest? body, TaskCompletion completion, DbContext db, HttpContext http, CancellationToken ct)
    {
        if (body is null)
            return Problems.Invalid("outcome", "Send { \"outcome\": \"...\", \"data\": { ... } }.");
        if (!await IsTestRunAsync(db, definitionId, instanceId, ct)
            || !await db.Set<HumanTaskRecord>().AnyAsync(t => t.Id == taskId && t.InstanceId == instanceId && t.Sandbox, ct))
            return Problems.NotFound($"The test run {instanceId} has no task {taskId}.");
        // the same completion as the inbox's: form checks, compare-and-swap, the flow resumed durably
        var result = await completion.CompleteAsync(taskId, body.Outcome, body.Data, null, http.User.Identity?.Name, ct);
        return result switch
        {
            TaskCompletionResult.Accepted a => TypedResults.Accepted($"/api/instances/{instanceId}",
                new TaskCompleted(a.Task.Id, a.Task.InstanceId, a.Task.Outcome!, a.Task.Version, $"/api/instances/{instanceId}")),
            TaskCompletionResult.Invalid i => Problems.Invalid(i.Errors),
            TaskCompletionResult.Conflict c => Problems.Conflict(c.Message),
            _ => Problems.NotFound($"The test run {instanceId} has no task {taskId}."),
        };
    }

    private static Task<bool> IsTestRunAsync(DbContext db, string definitionId, Guid instanceId, CancellationToken ct) =>
        db.Set<InstanceRecord>().AnyAsync(i => i.Id == instanceId && i.DefinitionId == definitionId && i.Sandbox, ct);

    private static string? Text(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.ToString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
