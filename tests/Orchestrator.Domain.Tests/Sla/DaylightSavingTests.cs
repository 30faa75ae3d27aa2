using Orchestrator.Domain.Sla;
using static Orchestrator.Domain.Tests.Sla.Calendars;

namespace Orchestrator.Domain.Tests.Sla;

public class DaylightSavingTests
{
    private static readonly BusinessCalendar NightShiftBerlin =
        BusinessCalendar.Create("night shift", "Europe/Berlin", WeeklyHours.None.With(DayOfWeek.Sunday, "01:00-05:00"));

    private static readonly DateTimeOffset SpringSundayStart = new(2025, 3, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AutumnSundayStart = new(2025, 10, 25, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_interval_spanning_the_spring_gap_counts_the_real_three_hours() =>
        Assert.Equal(Hours(3), SlaClock.BusinessTimeBetween(NightShiftBerlin, SpringSundayStart, SpringSundayStart.AddDays(1), []));

    [Fact]
    public void An_interval_spanning_the_autumn_overlap_counts_the_real_five_hours() =>
        Assert.Equal(Hours(5), SlaClock.BusinessTimeBetween(NightShiftBerlin, AutumnSundayStart, AutumnSundayStart.AddDays(1), []));

    [Fact]
    public void A_due_time_after_the_spring_gap_is_in_summer_time()
    {
        var due = SlaClock.AddBusinessTime(NightShiftBerlin, SpringSundayStart, Hours(2), [])!.Value;

        Assert.Equal(new DateTime(2025, 3, 30, 4, 0, 0), due.DateTime);
        Assert.Equal(TimeSpan.FromHours(2), due.Offset);
    }

    [Fact]
    public void The_repeated_hour_of_the_autumn_overlap_counts_twice()
    {
        var due = SlaClock.AddBusinessTime(NightShiftBerlin, AutumnSundayStart, Hours(2.5), [])!.Value;

        Assert.Equal(new DateTimeOffset(2025, 10, 26, 2, 30, 0, TimeSpan.FromHours(1)), due);
        Assert.Equal(TimeSpan.FromHours(1), due.Offset);
    }

    [Fact]
    public void An_interval_inside_the_repeated_hour_counts_both_occurrences_and_nothing_between()
    {
        var calendar = BusinessCalendar.Create("odd", "Europe/Berlin", WeeklyHours.None.With(DayOfWeek.Sunday, "02:15-02:45"));

        Assert.Equal(Hours(1), SlaClock.BusinessTimeBetween(calendar, AutumnSundayStart, AutumnSundayStart.AddDays(1), []));
        Assert.Equal(
            new DateTimeOffset(2025, 10, 26, 2, 45, 0, TimeSpan.FromHours(2)),
            SlaClock.AddBusinessTime(calendar, AutumnSundayStart, Minutes(30), []));
        Assert.Equal(
            new DateTimeOffset(2025, 10, 26, 2, 30, 0, TimeSpan.FromHours(1)),
            SlaClock.AddBusinessTime(calendar, AutumnSundayStart, Minutes(45), []));
    }

    [Fact]
    public void An_interval_inside_the_spring_gap_never_happens()
    {
        var calendar = BusinessCalendar.Create("odd", "Europe/Berlin", WeeklyHours.None.With(DayOfWeek.Sunday, "02:00-02:30", "10:00-11:00"));

        Assert.Equal(Hours(1), SlaClock.BusinessTimeBetween(calendar, SpringSundayStart, SpringSundayStart.AddDays(1), []));
    }

    [Fact]
    public void A_new_york_business_day_is_eight_real_hours_on_both_sides_of_the_change()
    {
        var newYork = BusinessCalendar.Create("NY", "America/New_York", WeeklyHours.Weekdays("09:00-17:00"));
        var fridayBefore = Local(newYork, 2025, 3, 7, 9);

        Assert.Equal(Local(newYork, 2025, 3, 10, 17), SlaClock.AddBusinessTime(newYork, fridayBefore, Hours(16), []));
    }
}
