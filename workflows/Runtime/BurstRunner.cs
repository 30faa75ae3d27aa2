using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Runs one claimed dispatch: loads the instance and its pinned version, runs the burst, and
/// commits everything — instance, bookmarks, tasks, timers, domain changes, outbox, log, the
/// dispatch marked done — in one SaveChanges (one transaction). A lost compare-and-swap rolls it
/// all back and gives the dispatch back; an exception leaves nothing half-written.
/// </summary>
public sealed class BurstRunner(IServiceScopeFactory scopes, BurstServices services, ITimerScheduler timers, DispatchSignal signal,
    IOptions<WorkflowOptions> options, ILogger<BurstRunner> log)
{
    public async Task<bool> RunAsync(long dispatchId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        Burst? burst = null;
        try
        {
            // one transaction for the whole burst: reads, any SQL an activity runs, and the final SaveChanges
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            burst = await PrepareAndRunAsync(db, scope.ServiceProvider, dispatchId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // another worker moved the instance (or finished this dispatch) first: give it back, run it again soon
            db.ChangeTracker.Clear();
            await DispatchClaimer.ReleaseAsync(db, dispatchId, services.Clock.GetUtcNow(), "concurrent update; retried", CancellationToken.None);
            return false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            log.LogError(e, "Dispatch {DispatchId} failed; nothing of its burst was written", dispatchId);
            await FailAsync(db, dispatchId, e, CancellationToken.None);
            return false;
        }
        if (burst is not null && burst.NewDispatches.Count > 0)
            signal.Notify();
        if (burst is not null && burst.NewTimers.Count > 0)
            await timers.ScheduleAsync(burst.NewTimers.Select(t => new TimerDue(t.Id, t.DueAt!.Value)).ToList(), cancellationToken);
        return true;
    }

    private async Task<Burst?> PrepareAndRunAsync(DbContext db, IServiceProvider scope, long dispatchId, CancellationToken ct)
    {
        var dispatch = await db.Set<DispatchRecord>().FirstOrDefaultAsync(d => d.Id == dispatchId, ct);
        if (dispatch is null || dispatch.Status != DispatchStatus.Pending)
            return null;
        var instance = await db.Set<InstanceRecord>().FirstOrDefaultAsync(i => i.Id == dispatch.InstanceId, ct);
        if (instance is null)
        {
            Finish(dispatch, DispatchStatus.Dead, "unknown instance");
            return null;
        }
        if (instance.IsFinished)
        {
            Finish(dispatch, DispatchStatus.Done, $"instance already {instance.Status}");
            return null;
        }
        var compiled = await services.VersionAsync(db, instance.DefinitionRecordId, ct);
        var bookmarks = await db.Set<BookmarkRecord>().Where(b => b.InstanceId == instance.Id).ToListAsync(ct);
        var hostModel = await HostModelAsync(db, instance, compiled, ct);
        var burst = new Burst(services, new DbBurstStore(db), db, scope, instance, compiled, bookmarks, dispatch, hostModel, ct);
        var payload = dispatch.Payload is null ? null : JsonNode.Parse(dispatch.Payload) as JsonObject;
        var result = "done";
        switch (dispatch.Kind)
        {
            case DispatchKind.Start when instance.Status == InstanceStatus.Pending:
                burst.Start();
                break;
            case DispatchKind.Start:
                result = "already started";
                break;
            case DispatchKind.Resume:
                var name = payload?["name"]?.GetValue<string>() ?? "";
                var key = payload?["key"]?.GetValue<string>() ?? "";
                if (!burst.Resume(name, key, payload?["payload"], payload?["outcome"]?.GetValue<string>()))
                    result = $"no bookmark {name}:{key} waits (already resumed or withdrawn)";
                break;
            case DispatchKind.Cancel:
                await burst.CancelAsync(payload?["reason"]?.GetValue<string>() ?? "cancelled");
                foreach (var child in await db.Set<InstanceRecord>()
                             .Where(c => c.ParentInstanceId == instance.Id && c.Status != InstanceStatus.Completed && c.Status != InstanceStatus.Cancelled)
                             .Select(c => c.Id).ToListAsync(ct))
                    burst.NewDispatch(DispatchKind.Cancel, child, new JsonObject { ["reason"] = "parent cancelled" });
                break;
            case DispatchKind.Retry:
            case DispatchKind.Skip:
                var incidentId = Guid.Parse(payload?["incidentId"]?.GetValue<string>() ?? Guid.Empty.ToString());
                var outcome = dispatch.Kind == DispatchKind.Skip ? payload?["outcome"]?.GetValue<string>() ?? "Done" : null;
                if (!await burst.ResolveIncidentAsync(incidentId, outcome))
                    result = "incident not open";
                break;
        }
        await burst.RunAsync();
        await StartChildrenAsync(db, burst, ct);
        Finish(dispatch, DispatchStatus.Done, result);
        return burst;
    }

    private async Task StartChildrenAsync(DbContext db, Burst burst, CancellationToken ct)
    {
        foreach (var (id, definitionId, input, correlationId) in burst.PendingChildren)
        {
            var version = await Definitions.DefinitionQueries.PublishedAsync(db, definitionId, ct)
                          ?? throw new InvalidOperationException($"No published version of '{definitionId}' to start as a child.");
            db.Add(NewInstance.Create(id, version, input, correlationId, burst.Instance.Id, burst.Instance.Sandbox, burst.Now));
            burst.NewDispatch(DispatchKind.Start, id, null);
        }
    }

    private async Task<IReadOnlyDictionary<string, object?>> HostModelAsync(DbContext db, InstanceRecord instance,
        CompiledDefinition compiled, CancellationToken ct)
    {
        if (services.ModelProviders.Count == 0)
            return new Dictionary<string, object?>();
        var model = new Dictionary<string, object?>();
        foreach (var provider in services.ModelProviders)
        {
            if (compiled.ExpressionText.Contains(provider.Root, StringComparison.Ordinal))
                model[provider.Root] = await provider.LoadAsync(instance, db, ct);
        }
        return model;
    }

    private void Finish(DispatchRecord dispatch, DispatchStatus status, string result)
    {
        dispatch.Status = status;
        dispatch.CompletedAt = services.Clock.GetUtcNow();
        dispatch.Result = result;
        dispatch.LeaseOwner = null;
        dispatch.LeaseUntil = null;
    }

    private async Task FailAsync(DbContext db, long dispatchId, Exception error, CancellationToken ct)
    {
        var dispatch = await db.Set<DispatchRecord>().FirstOrDefaultAsync(d => d.Id == dispatchId, ct);
        if (dispatch is null || dispatch.Status != DispatchStatus.Pending)
            return;
        dispatch.Error = error.Message.Length > 4000 ? error.Message[..4000] : error.Message;
        dispatch.LeaseOwner = null;
        dispatch.LeaseUntil = null;
        if (dispatch.Attempts >= options.Value.MaxDispatchAttempts)
        {
            dispatch.Status = DispatchStatus.Dead;
            dispatch.CompletedAt = services.Clock.GetUtcNow();
            log.LogError("Dispatch {DispatchId} is dead after {Attempts} attempts: {Error}", dispatchId, dispatch.Attempts, error.Message);
        }
        else
        {
            dispatch.NotBefore = services.Clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, dispatch.Attempts)));
        }
        await db.SaveChangesAsync(ct);
    }
}
