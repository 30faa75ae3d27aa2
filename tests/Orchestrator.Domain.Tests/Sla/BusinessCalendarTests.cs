using Orchestrator.Domain.Sla;
using static Orchestrator.Domain.Tests.Sla.Calendars;

namespace Orchestrator.Domain.Tests.Sla;

public class BusinessCalendarTests
{
    [Fact]
    public void Overlapping_intervals_on_one_day_are_refused() =>
        Assert.Throws<ArgumentException>(() => WeeklyHours.Weekdays("09:00-12:30", "12:00-18:00"));

    [Fact]
    public void Touching_intervals_are_fine() =>
        Assert.Equal(2, WeeklyHours.Weekdays("09:00-12:00", "12:00-18:00").On(DayOfWeek.Monday).Count);

    [Theory]
    [InlineData("12:00", "09:00")]
    [InlineData("09:00", "09:00")]
    public void An_interval_must_start_before_it_ends(string start, string end) =>
        Assert.Throws<ArgumentException>(() => new WorkingInterval(TimeOnly.Parse(start), TimeOnly.Parse(end)));

    [Fact]
    public void An_interval_may_run_until_midnight()
    {
        var interval = WorkingInterval.Parse("18:00-24:00");

        Assert.True(interval.EndsAtMidnight);
        Assert.Equal(Hours(6), interval.Length);
        Assert.Equal("18:00-24:00", interval.ToString());
    }

    [Fact]
    public void Intervals_are_kept_in_order() =>
        Assert.Equal(
            ["09:00-12:00", "13:00-18:00"],
            WeeklyHours.Weekdays("13:00-18:00", "09:00-12:00").On(DayOfWeek.Friday).Select(i => i.ToString()));

    [Fact]
    public void A_calendar_without_any_working_hours_is_refused() =>
        Assert.Throws<ArgumentException>(() => BusinessCalendar.Create("empty", "UTC", WeeklyHours.None));

    [Fact]
    public void An_unknown_time_zone_is_refused_with_a_sentence()
    {
        var error = Assert.Throws<ArgumentException>(() => BusinessCalendar.Create("x", "Mars/Olympus", WeeklyHours.AllDay));

        Assert.Contains("Mars/Olympus", error.Message);
    }

    [Fact]
    public void A_date_cannot_be_holiday_and_make_up_workday_at_once() =>
        Assert.Throws<ArgumentException>(() => China.WithMakeUpWorkday(new DateOnly(2025, 10, 1)));

    [Fact]
    public void A_make_up_workday_needs_a_weekday_with_hours_to_copy() =>
        Assert.Throws<ArgumentException>(() => China.WithMakeUpWorkday(new DateOnly(2025, 12, 27), DayOfWeek.Sunday));

    [Fact]
    public void A_regional_calendar_inherits_zone_hours_and_days_and_adds_its_own()
    {
        var shenzhen = China.ForRegion("CN-GD-SZ", [new DateOnly(2025, 8, 26)]);

        Assert.Same(China, shenzhen.Base);
        Assert.Equal("Asia/Shanghai", shenzhen.TimeZoneId);
        Assert.Equal(CalendarDayKind.Holiday, shenzhen.Day(new DateOnly(2025, 8, 26)).Kind);
        Assert.Equal(CalendarDayKind.Workday, China.Day(new DateOnly(2025, 8, 26)).Kind);
        Assert.Equal(CalendarDayKind.Holiday, shenzhen.Day(new DateOnly(2025, 10, 3)).Kind);
        Assert.Equal(CalendarDayKind.MakeUpWorkday, shenzhen.Day(new DateOnly(2025, 9, 28)).Kind);
        Assert.Equal([new DateOnly(2025, 8, 26)], shenzhen.OwnHolidays);
        Assert.Equal(9, shenzhen.Holidays.Count);
    }

    [Fact]
    public void A_region_can_work_a_national_holiday_as_a_make_up_day()
    {
        var region = China.ForRegion("CN-XX", [], new Dictionary<DateOnly, DayOfWeek> { [new DateOnly(2025, 10, 8)] = DayOfWeek.Monday });

        Assert.Equal(CalendarDayKind.MakeUpWorkday, region.Day(new DateOnly(2025, 10, 8)).Kind);
        Assert.Equal(2, region.Day(new DateOnly(2025, 10, 8)).Intervals.Count);
    }

    [Fact]
    public void Days_tell_their_kind_and_intervals()
    {
        Assert.Equal(CalendarDayKind.DayOff, China.Day(new DateOnly(2025, 6, 14)).Kind);
        Assert.Empty(China.Day(new DateOnly(2025, 10, 1)).Intervals);
        Assert.Equal(2, China.Day(new DateOnly(2025, 10, 11)).Intervals.Count);
    }

    [Fact]
    public void Calendars_with_the_same_content_are_equal()
    {
        var again = BusinessCalendar.Create(
            "CN national",
            "Asia/Shanghai",
            WeeklyHours.Weekdays("13:00-18:00", "09:00-12:00"),
            Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d)).Reverse(),
            new Dictionary<DateOnly, DayOfWeek> { [new DateOnly(2025, 10, 11)] = DayOfWeek.Monday, [new DateOnly(2025, 9, 28)] = DayOfWeek.Monday });

        Assert.Equal(China, again);
        Assert.NotEqual(China, again.WithHolidays(new DateOnly(2025, 12, 31)));
    }

    [Fact]
    public void Around_the_clock_is_every_minute_in_utc()
    {
        Assert.Equal("UTC", BusinessCalendar.AroundTheClock.TimeZoneId);
        Assert.Equal(TimeSpan.FromDays(7), BusinessCalendar.AroundTheClock.Hours.PerWeek);
    }
}
