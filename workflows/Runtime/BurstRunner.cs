using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Runs claimed dispatches: for each, loads the instance and its pinned version, runs the burst, and writes
/// everything — instance, bookmarks, tasks, timers, domain changes, outbox, log, the dispatch marked done — in one
/// SaveChanges (a run of bursts of isolated flows, which read nothing the others write, in one SaveChanges together).
/// The bursts of one claimed batch share one transaction (group commit: one fsync for many bursts),
/// each behind its own savepoint: a lost compare-and-swap or an exception rolls back that burst alone and gives its
/// dispatch back (or counts the failure); the others still commit. Nothing is visible to anyone before the commit,
/// so every burst keeps its promises: all or nothing, exactly once.
/// Scoped services live for one batch; activities keep no per-burst state in them.
/// </summary>
public sealed class BurstRunner(IServiceScopeFactory scopes, BurstServices services, ITimerScheduler timers, DispatchSignal signal,
    IOptions<WorkflowOptions> options, ILogger<BurstRunner> log)
{
    private const string Savepoint = "burst";

    /// <summary>
    /// The three reads every burst makes, compiled once per model (a compiled query keeps the SQL of the first
    /// provider it ran on, and one process may hold a SQLite and a PostgreSQL host).
    /// </summary>
    private sealed record Reads(
        Func<DbContext, long, CancellationToken, Task<DispatchRecord?>> Dispatch,
        Func<DbContext, Guid, CancellationToken, Task<InstanceRecord?>> Instance,
        Func<DbContext, Guid, IAsyncEnumerable<BookmarkRecord>> Bookmarks);

    private static readonly ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, Reads> CompiledReads = new();

    private static Reads ReadsFor(DbContext db) => CompiledReads.GetOrAdd(db.Model, _ => new Reads(
        EF.CompileAsyncQuery((DbContext c, long id, CancellationToken _) => c.Set<DispatchRecord>().FirstOrDefault(d => d.Id == id)),
        EF.CompileAsyncQuery((DbContext c, Guid id, CancellationToken _) => c.Set<InstanceRecord>().FirstOrDefault(i => i.Id == id)),
        EF.CompileAsyncQuery((DbContext c, Guid id) => c.Set<BookmarkRecord>().Where(b => b.InstanceId == id))));

    /// <summary>Runs one dispatch in its own transaction; true when its burst committed.</summary>
    public async Task<bool> RunAsync(long dispatchId, CancellationToken cancellationToken) =>
        await RunBatchAsync([dispatchId], cancellationToken) == 1;

    /// <summary>Runs the dispatches in order in one transaction; answers how many bursts committed.</summary>
    public async Task<int> RunBatchAsync(IReadOnlyList<long> dispatchIds, CancellationToken cancellationToken)
    {
        if (dispatchIds.Count == 0)
            return 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        // our own savepoint per burst covers SQL that activities run outside SaveChanges too; EF's would only add round trips
        db.Database.AutoSavepointsEnabled = false;
        var batch = new BatchOutcome();
        // A batch first runs without savepoints: the usual case, where every burst saves, costs no SAVEPOINT statement
        // per burst. When one burst fails or loses its compare-and-swap, that whole transaction is rolled back (nothing
        // of it was visible) and the batch runs again with a savepoint per burst, which isolates the one that failed.
        if (dispatchIds.Count == 1 || !await RunTogetherAsync(db, scope.ServiceProvider, dispatchIds, batch, cancellationToken))
            await RunEachAsync(db, scope.ServiceProvider, dispatchIds, batch, cancellationToken);
        db.ChangeTracker.Clear();
        foreach (var id in batch.Conflicts)
            await DispatchClaimer.ReleaseAsync(db, id, services.Clock.GetUtcNow(), "concurrent update; retried", CancellationToken.None);
        foreach (var (id, error) in batch.Failures)
        {
            if (dispatchIds.Count > 1)
                log.LogError(error, "Dispatch {DispatchId} failed; nothing of its burst was written", id);
            await FailAsync(db, id, error, CancellationToken.None);
        }
        var committed = batch.Committed;
        if (committed.Any(b => b.NewDispatches.Count > 0))
            signal.Notify();
        var newTimers = committed.SelectMany(b => b.NewTimers).Select(t => new TimerDue(t.Id, t.DueAt!.Value)).ToList();
        if (newTimers.Count > 0)
            await timers.ScheduleAsync(newTimers, cancellationToken);
        return committed.Count;
    }

    /// <summary>
    /// A batch's dispatches, and the instances and bookmarks of those that are the only dispatch of their instance in
    /// the batch, read in three queries instead of three per burst. Each burst attaches its own rows just before it runs:
    /// no earlier burst of the batch can have changed them (bursts change other instances only through new dispatches),
    /// and the instance row's compare-and-swap still guards against any other writer. An instance with two dispatches
    /// in one batch reads its rows per burst, so the second burst sees what the first saved.
    /// </summary>
    private sealed class BatchRows
    {
        private readonly Dictionary<long, DispatchRecord> _dispatches;
        private readonly Dictionary<Guid, (InstanceRecord Instance, List<BookmarkRecord> Bookmarks)> _instances;

        private BatchRows(Dictionary<long, DispatchRecord> dispatches, Dictionary<Guid, (InstanceRecord, List<BookmarkRecord>)> instances)
        {
            _dispatches = dispatches;
            _instances = instances;
        }

        public static async Task<BatchRows> ReadAsync(DbContext db, IReadOnlyList<long> dispatchIds, CancellationToken ct)
        {
            var ids = dispatchIds.ToList();
            var dispatches = await db.Set<DispatchRecord>().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            var alone = dispatches.Values.GroupBy(d => d.InstanceId).Where(g => g.Count() == 1).Select(g => g.Key).ToList();
            var instances = new Dictionary<Guid, (InstanceRecord, List<BookmarkRecord>)>();
            if (alone.Count == 0)
                return new BatchRows(dispatches, instances);
            foreach (var instance in await db.Set<InstanceRecord>().AsNoTracking().Where(i => alone.Contains(i.Id)).ToListAsync(ct))
                instances[instance.Id] = (instance, []);
            foreach (var bookmark in await db.Set<BookmarkRecord>().AsNoTracking().Where(b => alone.Contains(b.InstanceId)).ToListAsync(ct))
            {
                if (instances.TryGetValue(bookmark.InstanceId, out var found))
                    found.Item2.Add(bookmark);
            }
            return new BatchRows(dispatches, instances);
        }

        /// <summary>
        /// Whether the burst of this dispatch reads nothing another burst of the batch may have written: its rows were
        /// read with the batch, it starts or resumes a flow, and its version is isolated (<see cref="BurstServices.IsIsolated"/>).
        /// </summary>
        public async ValueTask<bool> IsolatedAsync(DbContext db, BurstServices services, long id, CancellationToken ct) =>
            _dispatches.TryGetValue(id, out var dispatch) && dispatch.Kind is DispatchKind.Start or DispatchKind.Resume &&
            _instances.TryGetValue(dispatch.InstanceId, out var rows) &&
            services.IsIsolated(await services.VersionAsync(db, rows.Instance.DefinitionRecordId, ct));

        /// <summary>The dispatch, now tracked; null when it was not read (the caller reads it).</summary>
        public DispatchRecord? Dispatch(DbContext db, long id)
        {
            if (!_dispatches.Remove(id, out var dispatch))
                return null;
            db.Attach(dispatch);
            return dispatch;
        }

        /// <summary>The instance and its bookmarks, now tracked; null when they must be read per burst.</summary>
        public (InstanceRecord Instance, List<BookmarkRecord> Bookmarks)? Instance(DbContext db, Guid id)
        {
            if (!_instances.Remove(id, out var rows))
                return null;
            db.Attach(rows.Instance);
            db.AttachRange(rows.Bookmarks);
            return rows;
        }
    }

    private sealed class BatchOutcome
    {
        public readonly List<Burst> Committed = [];
        public readonly List<long> Conflicts = [];
        public readonly List<(long Id, Exception Error)> Failures = [];
    }

    /// <summary>All bursts in one transaction without savepoints; false (and nothing written) when any of them failed.</summary>
    private async Task<bool> RunTogetherAsync(DbContext db, IServiceProvider scope, IReadOnlyList<long> dispatchIds, BatchOutcome batch,
        CancellationToken cancellationToken)
    {
        var logRows = new List<ExecutionLogRecord>();
        IDbContextTransaction? tx = null;
        try
        {
            // The transaction begins at the first burst that is not isolated, or at the first write: isolated bursts read
            // only the batch's own rows, which the compare-and-swap of the instance and dispatch rows guards at the save,
            // so they run before it — on SQLite, where one writer holds the lock at a time, another writer's commit (a
            // batch of starts) then overlaps their work instead of waiting for it.
            async Task BeginAsync() => tx ??= await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await BatchRows.ReadAsync(db, dispatchIds, cancellationToken);
            // isolated bursts (see ActivityDescriptor.Isolated) are saved together: one SaveChanges for a run of them
            var unsaved = false;
            foreach (var dispatchId in dispatchIds)
            {
                var together = await rows.IsolatedAsync(db, services, dispatchId, cancellationToken);
                if (!together)
                {
                    await BeginAsync();
                    if (unsaved)
                    {
                        // this burst may read what the unsaved ones wrote
                        await SaveAsync(db, cancellationToken);
                        unsaved = false;
                    }
                }
                var burst = await PrepareAndRunAsync(db, scope, dispatchId, logRows, rows, cancellationToken);
                if (together)
                    unsaved = true;
                else
                    await SaveAsync(db, cancellationToken);
                if (burst is not null)
                    batch.Committed.Add(burst);
            }
            await BeginAsync();
            if (unsaved)
                await SaveAsync(db, cancellationToken);
            await ExecutionLogWriter.InsertAsync(db, logRows, cancellationToken);
            await tx!.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            log.LogDebug(e, "A burst of dispatches {DispatchIds} failed; the batch runs again with a savepoint per burst", dispatchIds);
            batch.Committed.Clear();
            db.ChangeTracker.Clear();
            return false;
        }
        finally
        {
            if (tx is not null)
                await tx.DisposeAsync();
        }
    }

    /// <summary>What was saved stays in the transaction; the next burst reads it back (and DetectChanges stays small).</summary>
    private static async Task SaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>The bursts in one transaction, each behind its own savepoint (or alone, for a single dispatch).</summary>
    private async Task RunEachAsync(DbContext db, IServiceProvider scope, IReadOnlyList<long> dispatchIds, BatchOutcome batch,
        CancellationToken cancellationToken)
    {
        var grouped = dispatchIds.Count > 1;
        var logRows = new List<ExecutionLogRecord>();
        var burstLog = new List<ExecutionLogRecord>();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = grouped ? await BatchRows.ReadAsync(db, dispatchIds, cancellationToken) : null;
            foreach (var dispatchId in dispatchIds)
            {
                if (grouped)
                    await tx.CreateSavepointAsync(Savepoint, cancellationToken);
                try
                {
                    burstLog.Clear();
                    var burst = await PrepareAndRunAsync(db, scope, dispatchId, burstLog, rows, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    logRows.AddRange(burstLog);
                    if (burst is not null)
                        batch.Committed.Add(burst);
                }
                catch (Exception e) when (grouped && !cancellationToken.IsCancellationRequested)
                {
                    await tx.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
                    if (e is DbUpdateConcurrencyException)
                        batch.Conflicts.Add(dispatchId);
                    else
                        batch.Failures.Add((dispatchId, e));
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            await ExecutionLogWriter.InsertAsync(db, logRows, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (!grouped)
        {
            // another worker moved the instance (or finished this dispatch) first: give it back, run it again soon
            batch.Committed.Clear();
            batch.Conflicts.Add(dispatchIds[0]);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // the single burst failed, or the commit did: nothing of this batch was written
            log.LogError(e, "Dispatches {DispatchIds} failed; nothing of their bursts was written", dispatchIds);
            batch.Committed.Clear();
            batch.Conflicts.Clear();
            batch.Failures.Clear();
            batch.Failures.AddRange(dispatchIds.Select(id => (id, e)));
        }
    }

    /// <summary>
    /// Starts <paramref name="flow"/> and runs its first burst through the same code as real dispatches, in a
    /// transaction that is rolled back (see <see cref="EngineWarmUp"/>).
    /// </summary>
    internal async Task WarmUpAsync(IServiceProvider scope, WorkflowDefinition flow, CancellationToken ct)
    {
        var db = scope.GetRequiredService<DbContext>();
        db.Database.AutoSavepointsEnabled = false;
        await DefinitionQueries.PublishedAsync(db, flow.DefinitionId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = services.Clock.GetUtcNow();
        var version = new DefinitionRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = flow.DefinitionId,
            Version = flow.Version,
            Status = DefinitionStatus.Published,
            Name = flow.Name,
            Content = DefinitionJson.Serialize(flow),
            ContentHash = "warm-up",
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = now,
        };
        db.Add(version);
        await scope.GetRequiredService<WorkflowClient>().StartAsync(flow.DefinitionId, new JsonObject { ["n"] = 1 }, null, ct, version: version);
        await db.SaveChangesAsync(ct);
        var dispatchId = db.ChangeTracker.Entries<DispatchRecord>().Single().Entity.Id;
        db.ChangeTracker.Clear();
        var log = new List<ExecutionLogRecord>();
        await PrepareAndRunAsync(db, scope, dispatchId, log, null, ct);
        await db.SaveChangesAsync(ct);
        await ExecutionLogWriter.InsertAsync(db, log, ct);
        await tx.RollbackAsync(ct);
        db.ChangeTracker.Clear();
        services.Forget(version.Id);
    }

    private async Task<Burst?> PrepareAndRunAsync(DbContext db, IServiceProvider scope, long dispatchId, List<ExecutionLogRecord> log,
        BatchRows? rows, CancellationToken ct)
    {
        var reads = ReadsFor(db);
        var dispatch = rows?.Dispatch(db, dispatchId) ?? await reads.Dispatch(db, dispatchId, ct);
        if (dispatch is null || dispatch.Status != DispatchStatus.Pending)
            return null;
        var preloaded = rows?.Instance(db, dispatch.InstanceId);
        var instance = preloaded?.Instance ?? await reads.Instance(db, dispatch.InstanceId, ct);
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
        var bookmarks = preloaded?.Bookmarks ?? [];
        if (preloaded is null)
        {
            await foreach (var bookmark in reads.Bookmarks(db, instance.Id).WithCancellation(ct))
                bookmarks.Add(bookmark);
        }
        var hostModel = await HostModelAsync(db, instance, compiled, ct);
        var burst = new Burst(services, new DbBurstStore(db, log), db, scope, instance, compiled, bookmarks, dispatch, hostModel, ct);
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
        var model = new Dictionary<string, object?>();
        foreach (var provider in services.ProvidersUsedBy(compiled))
            model[provider.Root] = await provider.LoadAsync(instance, db, ct);
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
        var reads = ReadsFor(db);
        var dispatch = await reads.Dispatch(db, dispatchId, ct);
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
