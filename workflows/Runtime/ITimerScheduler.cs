namespace Orchestrator.Workflows.Runtime;

public sealed record TimerDue(Guid BookmarkId, DateTimeOffset DueAt);

/// <summary>
/// Drives timers after the burst that created them committed. The timer itself is a bookmark row
/// with a due time (committed with its burst); the scheduler only decides when to fire it, and firing
/// is a compare-and-swap on the row plus a resume dispatch (<see cref="TimerFiring"/>), so a timer
/// fires once however often it is triggered.
/// </summary>
public interface ITimerScheduler
{
    ValueTask ScheduleAsync(IReadOnlyList<TimerDue> timers, CancellationToken cancellationToken);
}
