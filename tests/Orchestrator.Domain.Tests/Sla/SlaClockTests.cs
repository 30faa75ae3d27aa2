using Orchestrator.Domain.Sla;
using static Orchestrator.Domain.Tests.Sla.Calendars;

namespace Orchestrator.Domain.Tests.Sla;

public class SlaClockTests
{
    private static DateTimeOffset? Due(DateTimeOffset start, TimeSpan target, params Pause[] pauses) =>
        SlaClock.AddBusinessTime(China, start, target, pauses);

    [Fact]
    public void A_request_opened_friday_evening_is_due_monday_morning() =>
        Assert.Equal(Shanghai(2025, 6, 16, 9, 30), Due(Shanghai(2025, 6, 13, 19, 0), Minutes(30)));

    [Fact]
    public void Time_left_at_the_end_of_a_day_carries_over_the_night() =>
        Assert.Equal(Shanghai(2025, 6, 18, 9, 30), Due(Shanghai(2025, 6, 17, 17, 30), Hours(1)));

    [Fact]
    public void The_lunch_break_is_not_counted() =>
        Assert.Equal(Shanghai(2025, 6, 17, 13, 30), Due(Shanghai(2025, 6, 17, 11, 30), Hours(1)));

    [Fact]
    public void A_start_before_opening_counts_from_opening() =>
        Assert.Equal(Shanghai(2025, 6, 17, 9, 30), Due(Shanghai(2025, 6, 17, 7, 0), Minutes(30)));

    [Fact]
    public void A_start_during_lunch_counts_from_the_afternoon_interval() =>
        Assert.Equal(Shanghai(2025, 6, 17, 13, 30), Due(Shanghai(2025, 6, 17, 12, 30), Minutes(30)));

    [Fact]
    public void A_due_time_landing_on_the_end_of_an_interval_is_that_end()
    {
        Assert.Equal(Shanghai(2025, 6, 17, 12, 0), Due(Shanghai(2025, 6, 17, 11, 0), Hours(1)));
        Assert.Equal(Shanghai(2025, 6, 17, 18, 0), Due(Shanghai(2025, 6, 17, 17, 0), Hours(1)));
        Assert.Equal(Shanghai(2025, 6, 20, 18, 0), Due(Shanghai(2025, 6, 20, 9, 0), Hours(8)));
    }

    [Fact]
    public void A_zero_target_is_due_at_the_start_even_outside_hours() =>
        Assert.Equal(Shanghai(2025, 6, 14, 3, 0), Due(Shanghai(2025, 6, 14, 3, 0), TimeSpan.Zero));

    [Fact]
    public void A_negative_target_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Due(Shanghai(2025, 6, 14, 3, 0), Minutes(-1)));

    [Fact]
    public void A_full_working_week_is_forty_hours() =>
        Assert.Equal(Shanghai(2025, 6, 23, 10, 0), Due(Shanghai(2025, 6, 16, 9, 0), Hours(41)));

    [Fact]
    public void National_holidays_are_skipped() =>
        Assert.Equal(Shanghai(2025, 10, 9, 10, 0), Due(Shanghai(2025, 9, 30, 17, 0), Hours(2)));

    [Fact]
    public void A_make_up_workday_on_a_sunday_counts() =>
        Assert.Equal(Shanghai(2025, 9, 28, 9, 30), Due(Shanghai(2025, 9, 26, 17, 30), Hours(1)));

    [Fact]
    public void A_regional_calendar_adds_its_holiday_to_the_national_ones()
    {
        var guangdong = China.ForRegion("CN-GD", [new DateOnly(2025, 6, 16)]);
        var friday = Shanghai(2025, 6, 13, 19, 0);

        Assert.Equal(Shanghai(2025, 6, 16, 9, 30), SlaClock.AddBusinessTime(China, friday, Minutes(30)));
        Assert.Equal(Shanghai(2025, 6, 17, 9, 30), SlaClock.AddBusinessTime(guangdong, friday, Minutes(30)));
        Assert.Equal(Shanghai(2025, 10, 9, 10, 0), SlaClock.AddBusinessTime(guangdong, Shanghai(2025, 9, 30, 17, 0), Hours(2)));
    }

    [Fact]
    public void A_closed_pause_stops_the_clock_for_its_working_time()
    {
        var waiting = new Pause(Shanghai(2025, 6, 16, 10, 0), Shanghai(2025, 6, 16, 11, 0), "waiting for customer");

        Assert.Equal(Shanghai(2025, 6, 16, 15, 0), Due(Shanghai(2025, 6, 16, 9, 0), Hours(4), waiting));
    }

    [Fact]
    public void A_pause_over_the_night_changes_nothing()
    {
        var overnight = new Pause(Shanghai(2025, 6, 16, 19, 0), Shanghai(2025, 6, 17, 8, 0), "waiting for parts");

        Assert.Equal(Shanghai(2025, 6, 17, 9, 30), Due(Shanghai(2025, 6, 16, 17, 30), Hours(1), overnight));
    }

    [Fact]
    public void Overlapping_pauses_count_once()
    {
        var parts = new Pause(Shanghai(2025, 6, 16, 10, 0), Shanghai(2025, 6, 16, 11, 0), "waiting for parts");
        var customer = new Pause(Shanghai(2025, 6, 16, 10, 30), Shanghai(2025, 6, 16, 11, 30), "waiting for customer");

        Assert.Equal(Shanghai(2025, 6, 16, 14, 30), Due(Shanghai(2025, 6, 16, 9, 0), Hours(3), parts, customer));
    }

    [Fact]
    public void An_open_pause_leaves_no_due_time_but_elapsed_time_counts_up_to_it()
    {
        var open = new Pause(Shanghai(2025, 6, 16, 10, 0), null, "waiting for customer");

        Assert.Null(Due(Shanghai(2025, 6, 16, 9, 0), Hours(2), open));
        Assert.Equal(Shanghai(2025, 6, 16, 9, 30), Due(Shanghai(2025, 6, 16, 9, 0), Minutes(30), open));
        Assert.Equal(Hours(1), SlaClock.BusinessTimeBetween(China, Shanghai(2025, 6, 16, 9, 0), Shanghai(2025, 6, 20, 9, 0), [open]));
    }

    [Fact]
    public void An_open_pause_that_began_before_the_start_stops_the_clock_at_once() =>
        Assert.Null(Due(Shanghai(2025, 6, 16, 9, 0), Minutes(1), new Pause(Shanghai(2025, 6, 15, 9, 0), null, "on hold")));

    [Fact]
    public void Elapsed_business_time_skips_the_weekend() =>
        Assert.Equal(Hours(2), SlaClock.BusinessTimeBetween(China, Shanghai(2025, 6, 13, 17, 0), Shanghai(2025, 6, 16, 10, 0), []));

    [Fact]
    public void Elapsed_business_time_is_zero_when_the_end_is_not_after_the_start() =>
        Assert.Equal(TimeSpan.Zero, SlaClock.BusinessTimeBetween(China, Shanghai(2025, 6, 16, 10, 0), Shanghai(2025, 6, 16, 9, 0), []));

    [Fact]
    public void Around_the_clock_counts_nights_and_weekends() =>
        Assert.Equal(
            Shanghai(2025, 6, 14, 19, 0),
            SlaClock.AddBusinessTime(BusinessCalendar.AroundTheClock, Shanghai(2025, 6, 13, 19, 0), Hours(24), []));

    [Fact]
    public void Due_times_are_given_in_the_calendars_local_offset()
    {
        var due = SlaClock.AddBusinessTime(China, new DateTimeOffset(2025, 6, 13, 11, 0, 0, TimeSpan.Zero), Minutes(30), [])!.Value;

        Assert.Equal(TimeSpan.FromHours(8), due.Offset);
        Assert.Equal(new DateTime(2025, 6, 16, 9, 30, 0), due.DateTime);
    }

    [Fact]
    public void An_interval_until_midnight_counts_up_to_midnight()
    {
        var lateShift = BusinessCalendar.Create("late", "Asia/Shanghai", WeeklyHours.Weekdays("18:00-24:00"));

        Assert.Equal(Shanghai(2025, 6, 17, 0, 0), SlaClock.AddBusinessTime(lateShift, Shanghai(2025, 6, 16, 20, 0), Hours(4), []));
        Assert.Equal(Shanghai(2025, 6, 17, 18, 30), SlaClock.AddBusinessTime(lateShift, Shanghai(2025, 6, 16, 20, 0), Hours(4.5), []));
    }
}
