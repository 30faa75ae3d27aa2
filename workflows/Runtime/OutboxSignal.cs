using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>Wakes the outbox deliverer at once after a commit that wrote a due message.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, int.MaxValue);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0) _semaphore.Release();
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Notifies the <see cref="OutboxSignal"/> after a successful SaveChanges that added an outbox row or made one
/// pending again (a redelivery), whoever wrote it: a burst, an endpoint, a publisher.
/// </summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Inspect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Fire(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Fire(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void Inspect(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<OutboxRecord>())
        {
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Entity.Status == OutboxStatus.Pending
                                                         && entry.Property(x => x.Status).IsModified))
            {
                _pending.AddOrUpdate(context, this);
                return;
            }
        }
    }

    private void Fire(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
            signal.Notify();
    }
}

/// <summary>The values of <see cref="OutboxRecord.Status"/>.</summary>
public static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";

    /// <summary>Retries exhausted or a permanent failure: kept, visible, redeliverable.</summary>
    public const string Dead = "Dead";
}
