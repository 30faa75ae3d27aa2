using Orchestrator.Domain.Contracts;

namespace Orchestrator.Domain.Tests.Contracts;

/// <summary>A PM plan's schedule: the cron names the days; a visit done late or early slides the following ones as far.</summary>
public sealed class PmScheduleTests
{
    private static PmPlan Quarterly() => new() { Schedule = "0 8 1 */3 *", NextDueDate = new DateOnly(2026, 1, 1) };

    [Fact]
    public void A_visit_done_on_time_keeps_the_schedule()
    {
        var plan = Quarterly();
        plan.Completed(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1));
        Assert.Equal((new DateOnly(2026, 4, 1), 0), (plan.NextDueDate, plan.ScheduleShiftDays));
    }

    [Fact]
    public void A_late_visit_moves_the_next_one_as_late_and_the_one_after_stays_a_period_later()
    {
        var plan = Quarterly();
        plan.Completed(new DateOnly(2026, 1, 11), new DateOnly(2026, 1, 1));
        Assert.Equal((new DateOnly(2026, 4, 11), 10, new DateOnly(2026, 1, 11)), (plan.NextDueDate, plan.ScheduleShiftDays, plan.LastCompletedDate!.Value));
        plan.Completed(new DateOnly(2026, 4, 11), plan.NextDueDate);
        Assert.Equal(new DateOnly(2026, 7, 11), plan.NextDueDate);
    }

    [Fact]
    public void An_early_visit_brings_the_next_one_forward()
    {
        var plan = Quarterly();
        plan.Completed(new DateOnly(2025, 12, 27), new DateOnly(2026, 1, 1));
        Assert.Equal((new DateOnly(2026, 3, 27), -5), (plan.NextDueDate, plan.ScheduleShiftDays));
    }

    [Fact]
    public void A_visit_called_off_moves_on_to_the_next_scheduled_day()
    {
        var plan = Quarterly();
        plan.Skipped(new DateOnly(2026, 1, 1));
        Assert.Equal((new DateOnly(2026, 4, 1), (DateOnly?)null), (plan.NextDueDate, plan.LastCompletedDate));
    }

    [Fact]
    public void The_first_scheduled_day_and_bad_schedules()
    {
        var plan = new PmPlan { Schedule = "0 8 * * 1" }; // Mondays
        Assert.Equal(new DateOnly(2026, 11, 30), plan.FirstScheduledOnOrAfter(new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateOnly(2026, 11, 30), plan.FirstScheduledOnOrAfter(new DateOnly(2026, 11, 30)));
        Assert.Null(PmPlan.ParseSchedule("every monday", out var error));
        Assert.Contains("no cron expression", error);
        Assert.Null(PmPlan.ParseSchedule("0 0 30 2 *", out error));
        Assert.Contains("never falls due", error);
        Assert.NotNull(PmPlan.ParseSchedule("0 8 1 */3 *", out error));
        Assert.Null(error);
    }
}
