using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

public sealed record StartedInstance(Guid InstanceId, string DefinitionId, int DefinitionVersion);

public sealed record RaisedEvent(IReadOnlyList<Guid> ResumedInstances, Guid? PendingStimulusId);

/// <summary>
/// Writes stimuli into the caller's DbContext: the caller commits them together with its own
/// changes (one transaction), then answers. Nothing here runs a flow; the dispatcher does.
/// </summary>
public sealed class WorkflowClient(DbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options)
{
    /// <summary>A new instance of the published version of <paramref name="definitionId"/>, pinned to it.</summary>
    public async Task<StartedInstance?> StartAsync(string definitionId, JsonObject? input, string? correlationId,
        CancellationToken ct, bool sandbox = false, DefinitionRecord? version = null)
    {
        version ??= await DefinitionQueries.PublishedAsync(db, definitionId, ct);
        if (version is null)
            return null;
        var now = clock.GetUtcNow();
        var instance = NewInstance.Create(Ids.NewGuid(), version, input, correlationId, null, sandbox, now);
        db.Add(instance);
        Dispatch(DispatchKind.Start, instance.Id, null, now);
        return new StartedInstance(instance.Id, version.DefinitionId, version.Version);
    }

    /// <summary>Resumes the bookmark (name, key) of one instance.</summary>
    public DispatchRecord Resume(Guid instanceId, string name, string key, JsonNode? payload, string? outcome = null) =>
        Dispatch(DispatchKind.Resume, instanceId, new JsonObject
        {
            ["name"] = name,
            ["key"] = key,
            ["payload"] = payload?.DeepClone(),
            ["outcome"] = outcome,
        }, clock.GetUtcNow());

    /// <summary>
    /// Resumes every WaitForEvent bookmark named <paramref name="name"/> with this correlation key. When
    /// none waits yet, the event is kept (TTL) and delivered to the first bookmark that appears.
    /// </summary>
    public async Task<RaisedEvent> RaiseEventAsync(string name, string correlationKey, JsonNode? payload, CancellationToken ct)
    {
        var bookmarkName = BookmarkNames.EventPrefix + name;
        var waiting = await db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.Name == bookmarkName && b.CorrelationKey == correlationKey)
            .Select(b => b.InstanceId).Distinct().ToListAsync(ct);
        foreach (var instanceId in waiting)
            Resume(instanceId, bookmarkName, correlationKey, payload);
        if (waiting.Count > 0)
            return new RaisedEvent(waiting, null);
        var now = clock.GetUtcNow();
        var pending = new PendingStimulusRecord
        {
            Id = Guid.NewGuid(),
            Name = name,
            CorrelationKey = correlationKey,
            Payload = payload?.ToJsonString(),
            CreatedAt = now,
            ExpiresAt = now + options.Value.PendingEventTtl,
        };
        db.Add(pending);
        return new RaisedEvent([], pending.Id);
    }

    public DispatchRecord Cancel(Guid instanceId, string reason) =>
        Dispatch(DispatchKind.Cancel, instanceId, new JsonObject { ["reason"] = reason }, clock.GetUtcNow());

    public DispatchRecord RetryIncident(Guid instanceId, Guid incidentId) =>
        Dispatch(DispatchKind.Retry, instanceId, new JsonObject { ["incidentId"] = incidentId.ToString() }, clock.GetUtcNow());

    public DispatchRecord SkipIncident(Guid instanceId, Guid incidentId, string outcome) =>
        Dispatch(DispatchKind.Skip, instanceId, new JsonObject { ["incidentId"] = incidentId.ToString(), ["outcome"] = outcome },
            clock.GetUtcNow());

    private DispatchRecord Dispatch(DispatchKind kind, Guid instanceId, JsonObject? payload, DateTimeOffset now)
    {
        var dispatch = new DispatchRecord
        {
            Kind = kind,
            InstanceId = instanceId,
            Payload = payload?.ToJsonString(),
            Status = DispatchStatus.Pending,
            NotBefore = now,
            CreatedAt = now,
        };
        db.Add(dispatch);
        return dispatch;
    }
}
