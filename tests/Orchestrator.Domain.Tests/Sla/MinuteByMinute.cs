using System.Collections.Concurrent;

namespace Orchestrator.Domain.Tests.Sla;

/// <summary>
/// The oracle: walks UTC minute by minute, converts each to local time with <see cref="TimeZoneInfo"/> and asks whether
/// that local minute is in a working interval of its local date and not paused. Obviously right, and slow; the
/// conversions are memoised per zone and UTC day (the cases share zones and days) so 10,000 cases take seconds.
/// </summary>
internal static class MinuteByMinute
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const int MinutesPerDay = 24 * 60;
    private static readonly ConcurrentDictionary<(string Zone, long UtcDay), DateTime[]> LocalMinutes = new();

    public sealed record Result(DateTimeOffset? Due, TimeSpan ElapsedUntil, long MinutesSimulated);

    public static Result Run(OracleScenario scenario)
    {
        var start = scenario.Start.UtcTicks;
        var until = scenario.ElapsedUntil.UtcTicks;
        var targetMinutes = (long)scenario.Target.TotalMinutes;
        var pauses = scenario.Pauses.Select(p => (From: p.From.UtcTicks, To: p.To?.UtcTicks ?? long.MaxValue)).ToArray();
        var openFrom = pauses.Where(p => p.To == long.MaxValue).Select(p => p.From).DefaultIfEmpty(long.MaxValue).Min();

        long? due = targetMinutes == 0 ? start : null;
        var stopped = false;
        long counted = 0, countedUntil = 0;
        var localDay = (Day: -1L, Minutes: Array.Empty<DateTime>());
        var workDay = (Day: -1L, Intervals: Array.Empty<(int Start, int End)>());
        var minute = start;
        for (; ; minute += Minute)
        {
            if (minute == until)
            {
                countedUntil = counted;
            }

            var dueSettled = due is not null || stopped;
            if (dueSettled && minute >= until)
            {
                break;
            }

            if (!dueSettled && minute >= openFrom)
            {
                stopped = true;
            }

            var utcDay = minute / TimeSpan.TicksPerDay;
            if (utcDay != localDay.Day)
            {
                localDay = (utcDay, LocalMinutes.GetOrAdd((scenario.Zone.Id, utcDay), key => ConvertDay(scenario.Zone, key.UtcDay)));
            }

            var local = localDay.Minutes[minute % TimeSpan.TicksPerDay / Minute];
            if (local.Ticks / TimeSpan.TicksPerDay != workDay.Day)
            {
                workDay = (local.Ticks / TimeSpan.TicksPerDay, IntervalsOn(scenario, DateOnly.FromDateTime(local)));
            }

            if (!Paused(pauses, minute) && Working(workDay.Intervals, (int)(local.TimeOfDay.Ticks / Minute)))
            {
                counted++;
                if (due is null && !stopped && counted == targetMinutes)
                {
                    due = minute + Minute;
                }
            }

            if (minute - start > TimeSpan.FromDays(3 * 365).Ticks)
            {
                throw new InvalidOperationException("The simulation found no due time within three years.");
            }
        }

        return new Result(
            due is { } d ? new DateTimeOffset(d, TimeSpan.Zero) : null,
            TimeSpan.FromMinutes(countedUntil),
            (minute - start) / Minute);
    }

    private static DateTime[] ConvertDay(TimeZoneInfo zone, long utcDay)
    {
        var midnight = new DateTime(utcDay * TimeSpan.TicksPerDay, DateTimeKind.Utc);
        return Enumerable.Range(0, MinutesPerDay).Select(m => TimeZoneInfo.ConvertTimeFromUtc(midnight.AddMinutes(m), zone)).ToArray();
    }

    private static bool Paused((long From, long To)[] pauses, long utcMinute)
    {
        foreach (var (from, to) in pauses)
        {
            if (from <= utcMinute && utcMinute < to)
            {
                return true;
            }
        }

        return false;
    }

    private static (int Start, int End)[] IntervalsOn(OracleScenario scenario, DateOnly date) =>
        scenario.Holidays.Contains(date) ? []
        : scenario.MakeUpWorkdays.TryGetValue(date, out var worksLike) ? scenario.Week[(int)worksLike]
        : scenario.Week[(int)date.DayOfWeek];

    private static bool Working((int Start, int End)[] intervals, int minuteOfDay)
    {
        foreach (var (start, end) in intervals)
        {
            if (start <= minuteOfDay && minuteOfDay < end)
            {
                return true;
            }
        }

        return false;
    }
}
