using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>
/// Turns task rows a SaveChanges writes (a burst creating tasks, a claim, a completion, a withdrawal) into
/// <see cref="InboxEvent"/>s and publishes them once committed: at once for a SaveChanges in its own transaction, at the
/// commit of the surrounding one otherwise; never for a failed SaveChanges, a transaction rolled back, or a burst rolled
/// back to its savepoint. Kept per DbContext like <see cref="Orchestrator.Workflows.Runtime.CommitSignalInterceptor"/>.
/// </summary>
public sealed class InboxEventsInterceptor(InboxEventHub hub, TimeProvider clock) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class State
    {
        public List<InboxEvent> Saving = [];
        public readonly List<InboxEvent> Pending = [];
        public int Savepoint;
    }

    private readonly ConditionalWeakTable<DbContext, State> _states = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Inspect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Inspect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db && _states.TryGetValue(db, out var state))
            state.Saving = [];
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Publish(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Mark(eventData.Context, eventData);

    public Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context, eventData);
        return Task.CompletedTask;
    }

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Undo(eventData.Context, eventData);

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Undo(eventData.Context, eventData);
        return Task.CompletedTask;
    }

    // the engine uses one savepoint at a time (one per burst of a batch): the events saved since it was set go with it
    private void Mark(DbContext? db, TransactionEventData data)
    {
        if (db is not null)
        {
            var state = _states.GetOrCreateValue(db);
            state.Savepoint = state.Pending.Count;
        }
    }

    private void Undo(DbContext? db, TransactionEventData data)
    {
        if (db is null || !_states.TryGetValue(db, out var state))
            return;
        state.Saving = [];
        if (state.Savepoint < state.Pending.Count)
            state.Pending.RemoveRange(state.Savepoint, state.Pending.Count - state.Savepoint);
    }

    private void Inspect(DbContext? db)
    {
        if (db is null)
            return;
        var now = clock.GetUtcNow();
        List<InboxEvent>? events = null;
        foreach (var entry in SavingEntries.Of<HumanTaskRecord>(db))
        {
            if (!entry.Entity.Sandbox && Describe(entry) is { } type) // a test run's tasks are in nobody's inbox
                (events ??= []).Add(Event(entry, type, now));
        }
        if (events is not null)
            _states.GetOrCreateValue(db).Saving = events;
    }

    private static string? Describe(EntityEntry<HumanTaskRecord> entry)
    {
        var t = entry.Entity;
        if (entry.State == EntityState.Added)
            return t.Status == HumanTaskStatus.Open ? "task.created" : null;
        if (entry.State != EntityState.Modified)
            return null;
        var status = entry.Property(x => x.Status);
        if (status.IsModified && status.OriginalValue != t.Status)
            return t.Status == HumanTaskStatus.Completed ? "task.completed" : t.Status == HumanTaskStatus.Cancelled ? "task.cancelled" : "task.updated";
        var assignee = entry.Property(x => x.Assignee);
        if (assignee.IsModified && assignee.OriginalValue != t.Assignee)
            return assignee.OriginalValue is null ? "task.claimed" : t.Assignee is null ? "task.unclaimed" : "task.reassigned";
        return entry.Properties.Any(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)) ? "task.updated" : null;
    }

    private static InboxEvent Event(EntityEntry<HumanTaskRecord> entry, string type, DateTimeOffset now)
    {
        var t = entry.Entity;
        var previous = entry.State == EntityState.Modified ? entry.Property(x => x.Assignee).OriginalValue : null;
        return new InboxEvent("", type, t.Id, t.InstanceId, t.Title, t.Assignee, previous, t.Team, t.Role, t.Priority, t.Status, t.Version,
            t.DueAt, t.Outcome, now);
    }

    private void Saved(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state))
            return;
        state.Pending.AddRange(state.Saving);
        state.Saving = [];
        // inside an explicit transaction nobody else sees the rows until it commits
        if (db.Database.CurrentTransaction is null)
            Publish(db);
    }

    private void Publish(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state))
            return;
        state.Savepoint = 0;
        if (state.Pending.Count == 0)
            return;
        var events = state.Pending.ToList();
        state.Pending.Clear();
        hub.Publish(events);
    }

    private void Forget(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state))
            return;
        state.Pending.Clear();
        state.Saving = [];
        state.Savepoint = 0;
    }
}
