using Orchestrator.Workflows.Runtime;
using Quartz;

namespace Orchestrator.EngineHost.Scheduling;

/// <summary>
/// Schedules one Quartz job and trigger per timer, after the burst that created the timer committed.
/// The identity of both is the bookmark id, so scheduling the same timer twice stores it once. A
/// timer due while no scheduler ran fires as soon as one starts (misfire: fire now). Failing to
/// schedule loses nothing: the timer is a committed row, and the timer pump fires overdue ones.
/// </summary>
public sealed class QuartzTimerScheduler(ISchedulerFactory schedulers, ILogger<QuartzTimerScheduler> log) : ITimerScheduler
{
    public const string Group = "workflow-timers";

    public async ValueTask ScheduleAsync(IReadOnlyList<TimerDue> timers, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            foreach (var timer in timers)
            {
                try
                {
                    await scheduler.ScheduleJob(Job(timer.BookmarkId), Trigger(timer), cancellationToken: cancellationToken);
                }
                catch (ObjectAlreadyExistsException)
                {
                    // scheduled before (a burst retried after a lost compare-and-swap): nothing to add
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Scheduling {Count} timer(s) in Quartz failed; the timer pump will fire them", timers.Count);
        }
    }

    public static JobKey JobKey(Guid bookmarkId) => new(bookmarkId.ToString(), Group);

    public static TriggerKey TriggerKey(Guid bookmarkId) => new(bookmarkId.ToString(), Group);

    private static IJobDetail Job(Guid bookmarkId) => JobBuilder.Create<FireTimerJob>()
        .WithIdentity(JobKey(bookmarkId))
        .WithDescription("fires workflow timer " + bookmarkId)
        .RequestRecovery()
        .Build();

    private static ITrigger Trigger(TimerDue timer) => TriggerBuilder.Create()
        .WithIdentity(TriggerKey(timer.BookmarkId))
        .StartAt(timer.DueAt)
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();
}
