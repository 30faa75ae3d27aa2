using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Definitions;

public sealed record TestRunRequest(JsonObject? Input, string? CorrelationId);

/// <param name="RequestNumber">The throwaway sandbox request the run works on (<c>TEST-…</c>), when the flow has after-sales steps.</param>
public sealed record TestRunStarted(Guid InstanceId, string DefinitionId, int DefinitionVersion, string ContentHash, string StatusUrl,
    string? RequestNumber = null);

public sealed record ExpressionCheckRequest(string? Text, ExpressionKind Kind = ExpressionKind.Expression);

[JsonConverter(typeof(JsonStringEnumConverter<ExpressionKind>))]
public enum ExpressionKind
{
    Expression,
    Template,
}

public sealed record ExpressionCheck(bool Valid, IReadOnlyList<string> Errors);

/// <summary>One Server-Sent Event of <c>/api/instances/{id}/events</c>: sent each time the status or the log moves.</summary>
public sealed record InstanceProgress(Guid InstanceId, InstanceStatus Status, int LastSequence, DateTimeOffset UpdatedAt);

/// <summary>
/// What the designer needs beyond the definitions API: a sandbox test run of the draft, a parse
/// check of one expression while it is typed, and the exact definition an instance runs.
/// </summary>
internal static class DesignerEndpoints
{
    /// <summary>Prefix of the frozen copies test runs execute. ':' is not allowed in a flow id, so they never collide with a flow.</summary>
    public const string SnapshotPrefix = "test-run:";

    public static IEndpointRouteBuilder MapDesigner(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/definitions/{definitionId}/test-run", TestRun).WithTags("Definitions")
            .WithSummary("Start a sandbox instance of the draft as it is now (later saves do not change the run)");
        app.MapTestRunTasks();
        app.MapPost("/api/expressions/check", Check).WithTags("Definitions")
            .WithSummary("Parse an expression or a template and list its errors");
        app.MapGet("/api/instances/{id:guid}/definition", InstanceDefinition).WithTags("Instances")
            .WithSummary("The definition the instance runs: its pinned version, or the frozen draft of a test run");
        app.MapGet("/api/instances/{id:guid}/events", Events).WithTags("Instances")
            .WithSummary("Server-Sent Events 'progress': the status and last log sequence each time they change, until the instance finishes");
        return app;
    }

    /// <summary>
    /// The draft row changes with every save, and the engine caches (and so freezes) only rows that are
    /// not drafts. A test run therefore runs a frozen copy: a Retired row under the id
    /// <c>test-run:&lt;hash of flow id and draft content&gt;</c>, created once per distinct draft content and
    /// reused by every run of the same content. The instance still names the real flow and the draft's
    /// version number, so lists filtered by flow show it (with <c>sandbox: true</c>). A flow with after-sales steps runs on a
    /// throwaway sandbox service request opened from the sample input (<see cref="TestRuns.RequestBodyAsync"/>).
    /// </summary>
    private static async Task<Results<Accepted<TestRunStarted>, ProblemHttpResult, ValidationProblem>> TestRun(string definitionId,
        TestRunRequest? body, DefinitionService service, DefinitionValidator validator, WorkflowClient client, ActivityRegistry registry,
        Requests.RequestIntake intake, DbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await service.LatestAsync(definitionId, ct) is not { } latest)
            return Problems.NotFound($"No flow has the id '{definitionId}'.");
        var definition = DefinitionJson.Deserialize(latest.Content);
        var errors = validator.Validate(definition);
        if (errors.Count > 0)
            return Problems.Unprocessable("The flow is not valid",
                $"{errors.Count} problem(s): {string.Join(" ", errors.Take(3).Select(e => e.Message))}",
                new Dictionary<string, object?> { ["errors"] = errors });

        var snapshot = await SnapshotAsync(db, latest, clock, ct);
        Guid instanceId;
        string? requestNumber = null;
        if (TestRuns.NeedsRequest(definition, registry))
        {
            var request = await TestRuns.RequestBodyAsync(db, definitionId, body?.Input, clock, ct);
            switch (await intake.OpenAsync(request, Domain.Requests.RequestChannel.Phone, ct, commit: false, testRun: snapshot))
            {
                case Requests.IntakeResult.Accepted a:
                    (instanceId, requestNumber) = (a.Answer.InstanceId!.Value, a.Answer.Number);
                    break;
                case Requests.IntakeResult.Invalid i:
                    return Problems.Invalid(i.Errors, "The sample input does not make a test request: name a known customer and serial number.");
                case Requests.IntakeResult.Unprocessable u:
                    return Problems.Unprocessable("The test run cannot start", u.Message);
                default:
                    return Problems.Conflict("The test run could not start; try again.");
            }
        }
        else
            instanceId = (await client.StartAsync(definitionId, body?.Input, body?.CorrelationId, ct, sandbox: true, version: snapshot))!.InstanceId;
        var instance = db.ChangeTracker.Entries<InstanceRecord>().Single(e => e.Entity.Id == instanceId).Entity;
        instance.DefinitionId = latest.DefinitionId;
        instance.DefinitionVersion = latest.Version;
        await db.SaveChangesAsync(ct);
        var url = $"/api/instances/{instance.Id}";
        return TypedResults.Accepted(url, new TestRunStarted(instance.Id, latest.DefinitionId, latest.Version, latest.ContentHash, url,
            requestNumber));
    }

    private static async Task<DefinitionRecord> SnapshotAsync(DbContext db, DefinitionRecord source, TimeProvider clock, CancellationToken ct)
    {
        var key = SnapshotPrefix + Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes(source.DefinitionId + "\n" + source.Content)))[..40];
        var existing = await db.Set<DefinitionRecord>().FirstOrDefaultAsync(d => d.DefinitionId == key, ct);
        if (existing is not null)
            return existing;
        var now = clock.GetUtcNow();
        var snapshot = new DefinitionRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = key,
            Version = source.Version,
            Status = DefinitionStatus.Retired,
            Name = source.Name,
            Content = source.Content,
            ContentHash = source.ContentHash,
            Comment = $"Test run of {source.DefinitionId} v{source.Version} revision {source.Revision}",
            CreatedAt = now,
            UpdatedAt = now,
            Revision = source.Revision,
        };
        db.Add(snapshot);
        try
        {
            await db.SaveChangesAsync(ct);
            return snapshot;
        }
        catch (DbUpdateException)
        {
            // another run of the same content froze it at the same moment
            db.Entry(snapshot).State = EntityState.Detached;
            return await db.Set<DefinitionRecord>().FirstAsync(d => d.DefinitionId == key, ct);
        }
    }

    private static Ok<ExpressionCheck> Check(ExpressionCheckRequest body, ExpressionEngine expressions)
    {
        if (string.IsNullOrWhiteSpace(body.Text))
            return TypedResults.Ok(new ExpressionCheck(false, [body.Kind == ExpressionKind.Template
                ? "The template is empty."
                : "The expression is empty."]));
        var errors = expressions.Check(body.Text, body.Kind == ExpressionKind.Template);
        return TypedResults.Ok(new ExpressionCheck(errors.Count == 0, errors));
    }

    private static async Task<Results<Ok<DefinitionDocument>, ProblemHttpResult>> InstanceDefinition(Guid id, DbContext db,
        CancellationToken ct)
    {
        var instance = await db.Set<InstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (instance is null)
            return Problems.NotFound($"No instance has the id {id}.");
        var record = await db.Set<DefinitionRecord>().AsNoTracking().FirstAsync(r => r.Id == instance.DefinitionRecordId, ct);
        var document = DefinitionDocument.From(record);
        var status = record.DefinitionId.StartsWith(SnapshotPrefix, StringComparison.Ordinal) ? DefinitionStatus.Draft : record.Status;
        return TypedResults.Ok(document with
        {
            DefinitionId = instance.DefinitionId,
            Version = instance.DefinitionVersion,
            Status = status,
            Definition = document.Definition with { DefinitionId = instance.DefinitionId, Version = instance.DefinitionVersion, Status = status },
        });
    }

    /// <summary>How long one stream lasts at most; the browser's EventSource reconnects by itself.</summary>
    private static readonly TimeSpan StreamLimit = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(400);

    private static async Task<Results<ServerSentEventsResult<InstanceProgress>, ProblemHttpResult>> Events(Guid id, DbContext db,
        CancellationToken ct) =>
        await db.Set<InstanceRecord>().AnyAsync(i => i.Id == id, ct)
            ? TypedResults.ServerSentEvents(Watch(id, db, ct), "progress")
            : Problems.NotFound($"No instance has the id {id}.");

    /// <summary>Reads the instance's row and last log sequence a few times a second (indexed reads) and yields each change.</summary>
    private static async IAsyncEnumerable<InstanceProgress> Watch(Guid id, DbContext db, [EnumeratorCancellation] CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        InstanceProgress? last = null;
        while (!ct.IsCancellationRequested && watch.Elapsed < StreamLimit)
        {
            var row = await db.Set<InstanceRecord>().AsNoTracking().Where(i => i.Id == id)
                .Select(i => new { i.Status, i.UpdatedAt }).FirstAsync(ct);
            var sequence = await db.Set<ExecutionLogRecord>().AsNoTracking().Where(l => l.InstanceId == id)
                .MaxAsync(l => (int?)l.Sequence, ct) ?? 0;
            var progress = new InstanceProgress(id, row.Status, sequence, row.UpdatedAt);
            if (progress != last)
                yield return last = progress;
            if (row.Status is InstanceStatus.Completed or InstanceStatus.Cancelled)
                yield break;
            if (!await Pause(ct))
                yield break;
        }
    }

    private static async Task<bool> Pause(CancellationToken ct)
    {
        try
        {
            await Task.Delay(PollEvery, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
