using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Definitions;

public sealed record DefinitionSummary(string DefinitionId, string Name, string? Description, int? PublishedVersion,
    int? DraftVersion, int? DraftRevision, DateTimeOffset UpdatedAt, int RunningInstances);

public sealed record DefinitionDocument(string DefinitionId, int Version, DefinitionStatus Status, int Revision, string ContentHash,
    string? Comment, DateTimeOffset? PublishedAt, string? PublishedBy, DateTimeOffset UpdatedAt, WorkflowDefinition Definition)
{
    public static DefinitionDocument From(DefinitionRecord r, WorkflowDefinition d) =>
        new(r.DefinitionId, r.Version, r.Status, r.Revision, r.ContentHash, r.Comment, r.PublishedAt, r.PublishedBy, r.UpdatedAt,
            d with { Version = r.Version, Status = r.Status });

    public static DefinitionDocument From(DefinitionRecord r) => From(r, DefinitionJson.Deserialize(r.Content));

    /// <summary>On a saved draft: what publishing would refuse now (a draft may be incomplete; it is saved anyway).</summary>
    public IReadOnlyList<ValidationError>? Errors { get; init; }
}

public sealed record VersionSummary(int Version, DefinitionStatus Status, string ContentHash, string? Comment,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? PublishedBy);

public sealed record ValidationReport(bool Valid, IReadOnlyList<ValidationError> Errors);

public sealed record PublishRequest(string? Comment);

internal static class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapDefinitions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/definitions").WithTags("Definitions");
        group.MapGet("/", List).WithSummary("Every flow with its published version, draft and running instances");
        group.MapGet("/{definitionId}", Get).WithSummary("The flow's draft if it has one, else its published version");
        group.MapPost("/", Create).WithSummary("Create a flow as a new draft (version 1)");
        group.MapPut("/{definitionId}/draft", SaveDraft)
            .WithSummary("Save the draft; send If-Match: \"<revision>\" to detect someone else's save meanwhile");
        group.MapPost("/{definitionId}/validate", Validate).WithSummary("Validate the body, or the draft when the body is empty");
        group.MapPost("/{definitionId}/publish", Publish).WithSummary("Publish the draft as the next version");
        group.MapGet("/{definitionId}/versions", Versions).WithSummary("Every version, newest first");
        group.MapGet("/{definitionId}/versions/{version:int}", Version).WithSummary("One version");
        group.MapGet("/{definitionId}/diff", Diff).WithSummary("Activities and connections added, removed, changed between two versions");
        group.MapPost("/{definitionId}/versions/{version:int}/restore", Restore).WithSummary("Make an old version the new draft");
        return app;
    }

    private static readonly InstanceStatus[] Live =
        [InstanceStatus.Pending, InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Faulted];

    private static async Task<Ok<List<DefinitionSummary>>> List(DbContext db, CancellationToken ct)
    {
        var rows = await db.Set<DefinitionRecord>().AsNoTracking()
            .Where(d => d.Status != DefinitionStatus.Retired)
            .Select(d => new { d.DefinitionId, d.Name, d.Version, d.Status, d.Revision, d.UpdatedAt, d.Content })
            .ToListAsync(ct);
        var running = await db.Set<InstanceRecord>().AsNoTracking().Where(i => Live.Contains(i.Status))
            .GroupBy(i => i.DefinitionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var summaries = rows.GroupBy(r => r.DefinitionId).Select(g =>
        {
            var published = g.FirstOrDefault(r => r.Status == DefinitionStatus.Published);
            var draft = g.FirstOrDefault(r => r.Status == DefinitionStatus.Draft);
            var latest = draft ?? published!;
            var description = DefinitionJson.Deserialize(latest.Content).Description;
            return new DefinitionSummary(g.Key, latest.Name, description, published?.Version, draft?.Version, draft?.Revision,
                g.Max(r => r.UpdatedAt), running.GetValueOrDefault(g.Key));
        }).OrderBy(s => s.Name).ToList();
        return TypedResults.Ok(summaries);
    }

    private static async Task<Results<Ok<DefinitionDocument>, ProblemHttpResult>> Get(string definitionId, DefinitionService service,
        CancellationToken ct) =>
        await service.LatestAsync(definitionId, ct) is { } record
            ? TypedResults.Ok(DefinitionDocument.From(record))
            : Problems.NotFound($"No flow has the id '{definitionId}'.");

    private static async Task<Results<Created<DefinitionDocument>, ProblemHttpResult, ValidationProblem>> Create(
        WorkflowDefinition definition, DefinitionService service, DefinitionValidator validator, CancellationToken ct) =>
        Answer(await service.CreateAsync(definition, null, ct), doc => TypedResults.Created($"/api/definitions/{doc.DefinitionId}", doc), validator);

    private static async Task<Results<Ok<DefinitionDocument>, ProblemHttpResult, ValidationProblem>> SaveDraft(
        string definitionId, WorkflowDefinition definition, [FromHeader(Name = "If-Match")] string? ifMatch,
        DefinitionService service, DefinitionValidator validator, CancellationToken ct)
    {
        int? expected = null;
        if (!string.IsNullOrWhiteSpace(ifMatch))
        {
            if (!int.TryParse(ifMatch.Trim().Trim('"').Replace("W/", "").Trim('"'), out var revision))
                return Problems.Invalid("If-Match", "If-Match must be the draft's revision number, e.g. \"3\".");
            expected = revision;
        }
        return Answer(await service.SaveDraftAsync(definitionId, definition, expected, null, ct), TypedResults.Ok, validator);
    }

    private static async Task<Results<Ok<ValidationReport>, ProblemHttpResult>> Validate(string definitionId, HttpRequest request,
        DefinitionValidator validator, DefinitionService service, CancellationToken ct)
    {
        WorkflowDefinition? definition = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            definition = await request.ReadFromJsonAsync<WorkflowDefinition>(DefinitionJson.Options, ct);
        if (definition is null)
        {
            if (await service.LatestAsync(definitionId, ct) is not { } record)
                return Problems.NotFound($"No flow has the id '{definitionId}'.");
            definition = DefinitionJson.Deserialize(record.Content);
        }
        var errors = validator.Validate(definition with { DefinitionId = definitionId });
        return TypedResults.Ok(new ValidationReport(errors.Count == 0, errors));
    }

    private static async Task<Results<Ok<DefinitionDocument>, ProblemHttpResult, ValidationProblem>> Publish(string definitionId,
        PublishRequest? body, DefinitionService service, global::System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await service.PublishAsync(definitionId, body?.Comment, user.Identity?.Name, ct), TypedResults.Ok);

    private static async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> Versions(string definitionId, DbContext db,
        CancellationToken ct)
    {
        var versions = await db.Set<DefinitionRecord>().AsNoTracking().Where(d => d.DefinitionId == definitionId)
            .OrderByDescending(d => d.Version)
            .Select(d => new VersionSummary(d.Version, d.Status, d.ContentHash, d.Comment, d.CreatedAt, d.PublishedAt, d.PublishedBy))
            .ToListAsync(ct);
        return versions.Count == 0 ? Problems.NotFound($"No flow has the id '{definitionId}'.") : TypedResults.Ok(versions);
    }

    private static async Task<Results<Ok<DefinitionDocument>, ProblemHttpResult>> Version(string definitionId, int version, DbContext db,
        CancellationToken ct) =>
        await DefinitionQueries.VersionAsync(db, definitionId, version, ct) is { } record
            ? TypedResults.Ok(DefinitionDocument.From(record))
            : Problems.NotFound($"'{definitionId}' has no version {version}.");

    private static async Task<Results<Ok<DefinitionDiff>, ProblemHttpResult>> Diff(string definitionId, int from, int to, DbContext db,
        CancellationToken ct)
    {
        var a = await DefinitionQueries.VersionAsync(db, definitionId, from, ct);
        var b = await DefinitionQueries.VersionAsync(db, definitionId, to, ct);
        if (a is null || b is null)
            return Problems.NotFound($"'{definitionId}' has no version {(a is null ? from : to)}.");
        var before = DefinitionJson.Deserialize(a.Content) with { Version = a.Version };
        var after = DefinitionJson.Deserialize(b.Content) with { Version = b.Version };
        return TypedResults.Ok(DefinitionDiff.Between(before, after));
    }

    private static async Task<Results<Ok<DefinitionDocument>, ProblemHttpResult, ValidationProblem>> Restore(string definitionId, int version,
        DefinitionService service, CancellationToken ct) =>
        Answer(await service.RestoreAsync(definitionId, version, null, ct), TypedResults.Ok);

    private static Results<T, ProblemHttpResult, ValidationProblem> Answer<T>(DefinitionResult result, Func<DefinitionDocument, T> ok,
        DefinitionValidator? validator = null)
        where T : IResult => result switch
        {
            DefinitionResult.Ok r => ok(DefinitionDocument.From(r.Record, r.Definition) with
            {
                Errors = validator is not null && r.Record.Status == DefinitionStatus.Draft ? validator.Validate(r.Definition) : null,
            }),
            DefinitionResult.NotFound r => Problems.NotFound(r.Message),
            DefinitionResult.Conflict r => Problems.Conflict(r.Message, r.CurrentRevision is { } rev
                ? new Dictionary<string, object?> { ["currentRevision"] = rev } : null),
            DefinitionResult.Invalid r => Problems.Unprocessable("The flow is not valid",
                $"{r.Errors.Count} problem(s): {string.Join(" ", r.Errors.Take(3).Select(e => e.Message))}",
                new Dictionary<string, object?> { ["errors"] = r.Errors }),
            _ => throw new InvalidOperationException(),
        };
}
