namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Exponential backoff: the wait after failed attempt n is <c>first × 2^(n-1)</c>, capped; attempt n is the
/// last when the waits so far would pass the retry window. Counted from attempts, not from the clock, so
/// a redelivery (attempts reset) gets a whole new window.
/// </summary>
public static class OutboxSchedule
{
    public static TimeSpan DelayAfter(int attempt, OutboxOptions o)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 40));
        var ticks = Math.Min(o.FirstRetryDelay.Ticks * factor, o.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The sum of the waits after attempts 1..n.</summary>
    public static TimeSpan WaitedAfter(int attempts, OutboxOptions o)
    {
        var total = TimeSpan.Zero;
        for (var n = 1; n <= attempts; n++)
            total += DelayAfter(n, o);
        return total;
    }

    public static bool IsLast(int attempt, OutboxOptions o) => WaitedAfter(attempt, o) > o.RetryFor;
}
