using Orchestrator.Domain.Sla;

namespace Orchestrator.Domain.Tests.Sla;

/// <summary>Sample calendars for the SLA tests.</summary>
internal static class Calendars
{
    /// <summary>China, Mon–Fri 09:00–12:00 and 13:00–18:00, National Day 2025 (Oct 1–8) with its make-up days Sep 28 and Oct 11.</summary>
    public static BusinessCalendar China { get; } = BusinessCalendar.Create(
        "CN national",
        "Asia/Shanghai",
        WeeklyHours.Weekdays("09:00-12:00", "13:00-18:00"),
        holidays: Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d)),
        makeUpWorkdays: new Dictionary<DateOnly, DayOfWeek>
        {
            [new DateOnly(2025, 9, 28)] = DayOfWeek.Monday,
            [new DateOnly(2025, 10, 11)] = DayOfWeek.Monday,
        });

    public static DateTimeOffset Shanghai(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static DateTimeOffset Local(BusinessCalendar calendar, int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, calendar.TimeZone.GetUtcOffset(local));
    }

    public static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    public static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);
}
