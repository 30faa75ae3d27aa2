using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
public sealed class DispatchSignalInterceptor(DispatchSignal signal) : SaveChangesInterceptor
{
    private readonly AsyncLocal<(bool Dispatch, bool Timer)> _pending = new();

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
        Fire();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Fire();
        return ValueTask.FromResult(result);
    }

    private void Inspect(DbContext? context)
    {
        if (context is null) return;
        var dispatch = false;
        var timer = false;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Added) continue;
            if (entry.Entity is DispatchRecord) dispatch = true;
            else if (entry.Entity is BookmarkRecord { DueAt: not null }) timer = true;
        }
        _pending.Value = (dispatch, timer);
    }

    private void Fire()
    {
        var (dispatch, timer) = _pending.Value;
        _pending.Value = default;
        if (dispatch) signal.Notify();
        if (timer) signal.NotifyTimers();
    }
}
