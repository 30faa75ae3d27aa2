namespace Orchestrator.Domain.Sla;

/// <summary>
/// Counts working time on a <see cref="BusinessCalendar"/>, minus pauses.
/// <para>
/// Definition: an instant is <em>counted</em> when its local wall-clock time (in the calendar's zone) lies in one of the
/// working intervals of its local date, and no pause covers it. So a daylight-saving gap counts nothing (those wall
/// times never happen) and an overlap counts twice (they happen twice): an interval always counts real elapsed time.
/// </para>
/// <para>
/// The due time of a target is the earliest instant at which the counted time since the start reaches the target.
/// Hence a start outside working hours begins counting at the next working instant, a due time landing exactly on the
/// end of an interval is that end (not the next start), and a zero target is due at the start itself.
/// Due times are returned in the calendar's local offset.
/// </para>
/// </summary>
public static partial class SlaClock
{
    /// <summary>How far the clock looks for working time before it gives up (a calendar has working time every week).</summary>
    private static readonly long SearchLimit = TimeSpan.FromDays(366 * 20).Ticks;

    /// <summary>
    /// The instant when <paramref name="duration"/> of working time, minus pauses, has elapsed after <paramref name="start"/>;
    /// null when an open pause stops the clock before that.
    /// </summary>
    public static DateTimeOffset? AddBusinessTime(
        BusinessCalendar calendar, DateTimeOffset start, TimeSpan duration, IReadOnlyList<Pause>? pauses = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var stops = PauseTimeline.From(pauses, start.UtcTicks);
        var end = Walk(calendar, start.UtcTicks, duration.Ticks, long.MaxValue, stops, out _, out var reached);
        return reached ? ToLocal(calendar, end) : null;
    }

    /// <summary>The working time, minus pauses, in <c>[from, to)</c>; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public static TimeSpan BusinessTimeBetween(
        BusinessCalendar calendar, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<Pause>? pauses = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var stops = PauseTimeline.From(pauses, from.UtcTicks);
        Walk(calendar, from.UtcTicks, long.MaxValue, to.UtcTicks, stops, out var counted, out _);
        return TimeSpan.FromTicks(counted);
    }

    internal static DateTimeOffset ToLocal(BusinessCalendar calendar, long utcTicks) =>
        new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(calendar.Offsets.OffsetAt(utcTicks));

    /// <summary>
    /// Walks counted time from <paramref name="from"/> until <paramref name="budget"/> ticks are counted
    /// (<paramref name="reached"/>, returns that instant), <paramref name="until"/> is reached, or an open pause begins.
    /// Walks day by day over the intervals: a day costs a holiday lookup and one step per interval.
    /// </summary>
    private static long Walk(
        BusinessCalendar calendar, long from, long budget, long until, PauseTimeline stops, out long counted, out bool reached)
    {
        counted = 0;
        reached = budget == 0;
        if (reached)
        {
            return from;
        }

        var limit = Math.Min(until, from > DateTime.MaxValue.Ticks - SearchLimit ? DateTime.MaxValue.Ticks : from + SearchLimit);
        limit = Math.Min(limit, stops.OpenFrom);
        var starts = stops.Starts;
        var ends = stops.Ends;
        var p = 0;
        var cursor = new LocalDayCursor(calendar.Offsets, from);
        while (cursor.Next(out var day) && day.From < limit)
        {
            var dayEnd = Math.Min(day.To, limit);
            foreach (var interval in calendar.IntervalsOn(day.DayNumber))
            {
                var a = Math.Max(day.MidnightUtc + interval.StartTicks, day.From);
                var b = Math.Min(day.MidnightUtc + interval.EndTicks, dayEnd);
                while (a < b)
                {
                    while (p < starts.Length && ends[p] <= a)
                    {
                        p++;
                    }

                    if (p < starts.Length && starts[p] <= a)
                    {
                        a = ends[p];
                        continue;
                    }

                    var segmentEnd = p < starts.Length ? Math.Min(b, starts[p]) : b;
                    var length = segmentEnd - a;
                    if (length >= budget - counted)
                    {
                        var due = a + (budget - counted);
                        counted = budget;
                        reached = true;
                        return due;
                    }

                    counted += length;
                    a = segmentEnd;
                }
            }
        }

        if (until == long.MaxValue && limit != stops.OpenFrom)
        {
            throw new InvalidOperationException(
                $"Business calendar '{calendar.Name}' has no working time within {SearchLimit / TimeSpan.TicksPerDay} days after {new DateTime(from, DateTimeKind.Utc):O}.");
        }

        return limit;
    }
}

/// <summary>A stretch of UTC time with one local date and one UTC offset.</summary>
/// <param name="MidnightUtc">The instant local midnight of the date would be at under this offset (may lie outside the stretch).</param>
internal readonly record struct LocalDay(long From, long To, int DayNumber, long MidnightUtc, long Offset);

/// <summary>Splits UTC time from a start into <see cref="LocalDay"/> stretches: at local midnights and at offset changes.</summary>
internal struct LocalDayCursor(ZoneOffsets zone, long fromUtcTicks)
{
    private long _next = fromUtcTicks;
    private long _spanEnd = long.MinValue;
    private long _offset;

    public bool Next(out LocalDay day)
    {
        if (_next >= DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay)
        {
            day = default;
            return false;
        }

        if (_next >= _spanEnd)
        {
            zone.Find(_next, out _, out _spanEnd, out _offset);
        }

        var dayNumber = (_next + _offset) / TimeSpan.TicksPerDay;
        var midnightUtc = (dayNumber * TimeSpan.TicksPerDay) - _offset;
        var end = Math.Min(midnightUtc + TimeSpan.TicksPerDay, _spanEnd);
        day = new LocalDay(_next, end, (int)dayNumber, midnightUtc, _offset);
        _next = end;
        return true;
    }
}
