using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>Wakes the dispatcher (and the timer pump) at once after a commit, so latency is not a poll interval.</summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim _dispatches = new(0, int.MaxValue);
    private readonly SemaphoreSlim _timers = new(0, int.MaxValue);

    public void Notify()
    {
        if (_dispatches.CurrentCount == 0) _dispatches.Release();
    }

    public void NotifyTimers()
    {
        if (_timers.CurrentCount == 0) _timers.Release();
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _dispatches.WaitAsync(timeout, cancellationToken);

    public Task<bool> WaitForTimersAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _timers.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Notifies the <see cref="DispatchSignal"/> after a successful SaveChanges that wrote a dispatch or a
/// timer, whoever wrote it (an endpoint, a burst, a Quartz job).
/// </summary>
public sealed class DispatchSignalInterceptor(DispatchSignal signal) : CommitSignalInterceptor
{
    private const int Dispatch = 1;
    private const int Timer = 2;

    protected override int Inspect(DbContext context)
    {
        var flags = 0;
        foreach (var entry in SavingEntries.All(context))
        {
            if (entry.State != EntityState.Added) continue;
            if (entry.Entity is DispatchRecord) flags |= Dispatch;
            else if (entry.Entity is BookmarkRecord { DueAt: not null }) flags |= Timer;
        }
        return flags;
    }

    protected override void Fire(int flags)
    {
        if ((flags & Dispatch) != 0) signal.Notify();
        if ((flags & Timer) != 0) signal.NotifyTimers();
    }
}
