using Microsoft.EntityFrameworkCore;
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
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : CommitSignalInterceptor
{
    protected override int Inspect(DbContext context)
    {
        foreach (var entry in SavingEntries.Of<OutboxRecord>(context))
        {
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Entity.Status == OutboxStatus.Pending
                                                         && entry.Property(x => x.Status).IsModified))
                return 1;
        }
        return 0;
    }

    protected override void Fire(int flags) => signal.Notify();
}

/// <summary>The values of <see cref="OutboxRecord.Status"/>.</summary>
public static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";

    /// <summary>Retries exhausted or a permanent failure: kept, visible, redeliverable.</summary>
    public const string Dead = "Dead";

    /// <summary>A message of a sandbox instance (a designer test run): recorded, never delivered, not redeliverable.</summary>
    public const string NotSent = "NotSent";

    public const string NotSentReason = "not sent: test run";
}
