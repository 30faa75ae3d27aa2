using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Raises a signal once the rows a SaveChanges wrote are committed: at once when SaveChanges ran in its own
/// transaction, at the commit of the surrounding transaction otherwise (a burst, an endpoint's unit of work), and
/// never after a rollback. What each SaveChanges means is kept per DbContext, not in an AsyncLocal (EF runs
/// several interceptors through an async composite, where an AsyncLocal set in "saving" is gone in "saved").
/// </summary>
public abstract class CommitSignalInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed class Pending
    {
        public int Flags;
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    /// <summary>The signals (a bit mask, 0 for none) the context's pending changes call for.</summary>
    protected abstract int Inspect(DbContext context);

    /// <summary>Raises the signals once their rows are committed.</summary>
    protected abstract void Fire(int flags);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null) _pending.Remove(context);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Take(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Take(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Record(DbContext? context)
    {
        if (context is null) return;
        var flags = Inspect(context);
        if (flags != 0) _pending.GetOrCreateValue(context).Flags |= flags;
    }

    private void AfterSave(DbContext? context)
    {
        // Inside an explicit transaction the rows are not visible to others until it commits.
        if (context is not null && context.Database.CurrentTransaction is null) Take(context);
    }

    private void Take(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        _pending.Remove(context);
        if (pending.Flags != 0) Fire(pending.Flags);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _pending.Remove(context);
    }
}
