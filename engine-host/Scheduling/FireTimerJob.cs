using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Runtime;
using Quartz;

namespace Orchestrator.EngineHost.Scheduling;

/// <summary>
/// The Quartz job of one workflow timer (its key is the timer's bookmark id). It only fires the timer —
/// a compare-and-swap on the bookmark row plus a resume dispatch, in one transaction — and wakes the
/// dispatcher; the dispatcher does the workflow's work. Firing a timer that already fired (the timer
/// pump got there first, or another node) does nothing. Its type name is stored with every scheduled
/// timer (QRTZ_JOB_DETAILS): moving or renaming it strands those triggers until the timer pump fires them.
/// </summary>
public sealed class FireTimerJob(IServiceScopeFactory scopes, DispatchSignal signal, TimeProvider clock,
    ILogger<FireTimerJob> log) : IJob
{
    /// <summary>How early a trigger may be handed over and still be waited for (Quartz fires within a few ms of its time).</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(context.JobDetail.Key.Name, out var bookmarkId))
        {
            log.LogWarning("Quartz timer job {JobKey} does not name a bookmark; ignored", context.JobDetail.Key);
            return;
        }
        // the compare-and-swap compares against the engine's clock; a trigger a moment early waits for it
        var early = (context.ScheduledFireTimeUtc ?? context.FireTimeUtc) - clock.GetUtcNow();
        if (early > TimeSpan.Zero && early <= EarlyTolerance)
            await Task.Delay(early, cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            // timers due together (a burst of them) fire in batches: the first job takes what is due with one
            // transaction per 200, the jobs after it find theirs fired already
            var now = clock.GetUtcNow();
            var fired = await TimerFiring.FireDueAsync(db, now, 200, cancellationToken);
            if (await TimerFiring.FireAsync(db, bookmarkId, now, cancellationToken) || fired > 0)
                signal.Notify();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the bookmark row is untouched; the timer pump fires overdue timers on its next round
            log.LogWarning(e, "Firing timer {BookmarkId} from Quartz failed; the timer pump will fire it", bookmarkId);
        }
    }
}
