namespace Orchestrator.Domain.Sla;

public enum SlaSegmentKind
{
    /// <summary>Working time that counts toward the target.</summary>
    Counted,

    /// <summary>Outside the day's working intervals: nights, lunch breaks.</summary>
    OutsideWorkingHours,

    /// <summary>A weekday without working hours, e.g. a weekend.</summary>
    DayOff,

    Holiday,

    /// <summary>The clock was stopped; the segment's reason says why.</summary>
    Paused,
}

/// <summary>
/// One stretch of an SLA clock's timeline. <see cref="From"/> and <see cref="To"/> are in the calendar's local offset,
/// so <c>From.DateTime</c> is the local wall-clock time. <see cref="To"/> is null for an open pause.
/// </summary>
public sealed record SlaSegment(SlaSegmentKind Kind, DateTimeOffset From, DateTimeOffset? To, TimeSpan Counted, string? Reason);

/// <summary>
/// The clock's timeline from <see cref="Start"/> to <see cref="End"/>: consecutive segments without gaps, counted
/// working time and what was skipped (nights, days off, holidays, pauses with their reason). The counted segments add
/// up to <see cref="Counted"/>. <see cref="End"/> is null when an open pause stopped the clock; the last segment is then
/// that open pause.
/// </summary>
public sealed record SlaExplanation(DateTimeOffset Start, DateTimeOffset? End, TimeSpan Counted, IReadOnlyList<SlaSegment> Segments);

public static partial class SlaClock
{
    /// <summary>Why <see cref="AddBusinessTime"/> gives the due time it gives: the timeline from the start to the due time.</summary>
    public static SlaExplanation Explain(
        BusinessCalendar calendar, DateTimeOffset start, TimeSpan duration, IReadOnlyList<Pause>? pauses = null)
    {
        var due = AddBusinessTime(calendar, start, duration, pauses);
        if (due is { } end)
        {
            return ExplainBetween(calendar, start, end, pauses);
        }

        var open = pauses!.Where(p => p.IsOpen).MinBy(p => p.From)!;
        var stoppedAt = open.From > start ? open.From : start;
        var before = ExplainBetween(calendar, start, stoppedAt, pauses);
        var openSegment = new SlaSegment(SlaSegmentKind.Paused, ToLocal(calendar, stoppedAt.UtcTicks), null, TimeSpan.Zero, open.Reason);
        var segments = before.Segments.Count > 0 && before.Segments[^1] is { Kind: SlaSegmentKind.Paused } last && last.Reason == open.Reason
            ? [.. before.Segments.SkipLast(1), last with { To = null }]
            : before.Segments.Append(openSegment).ToList();
        return new SlaExplanation(before.Start, null, before.Counted, segments);
    }

    /// <summary>Why <see cref="BusinessTimeBetween"/> counts what it counts: the timeline of <c>[from, to)</c>.</summary>
    public static SlaExplanation ExplainBetween(
        BusinessCalendar calendar, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<Pause>? pauses = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var segments = new List<SlaSegment>();
        var counted = 0L;
        if (to > from)
        {
            var raw = new List<(long From, long To, SlaSegmentKind Kind, string? Reason)>();
            foreach (var piece in CalendarPieces(calendar, from.UtcTicks, to.UtcTicks))
            {
                foreach (var (start, end, reason) in SplitByPauses(piece.From, piece.To, pauses))
                {
                    Append(raw, start, end, reason is null ? piece.Kind : SlaSegmentKind.Paused, reason);
                }
            }

            foreach (var (start, end, kind, reason) in raw)
            {
                var length = kind == SlaSegmentKind.Counted ? end - start : 0;
                counted += length;
                segments.Add(new SlaSegment(kind, ToLocal(calendar, start), ToLocal(calendar, end), TimeSpan.FromTicks(length), reason));
            }
        }

        return new SlaExplanation(ToLocal(calendar, from.UtcTicks), ToLocal(calendar, Math.Max(from.UtcTicks, to.UtcTicks)), TimeSpan.FromTicks(counted), segments);
    }

    private static IEnumerable<(long From, long To, SlaSegmentKind Kind)> CalendarPieces(BusinessCalendar calendar, long from, long to)
    {
        var cursor = new LocalDayCursor(calendar.Offsets, from);
        while (cursor.Next(out var day) && day.From < to)
        {
            var dayEnd = Math.Min(day.To, to);
            var kind = calendar.KindOf(DateOnly.FromDayNumber(day.DayNumber));
            if (kind is CalendarDayKind.Holiday or CalendarDayKind.DayOff)
            {
                yield return (day.From, dayEnd, kind == CalendarDayKind.Holiday ? SlaSegmentKind.Holiday : SlaSegmentKind.DayOff);
                continue;
            }

            var position = day.From;
            foreach (var interval in calendar.IntervalsOn(day.DayNumber))
            {
                var a = Math.Max(day.MidnightUtc + interval.StartTicks, position);
                var b = Math.Min(day.MidnightUtc + interval.EndTicks, dayEnd);
                if (a >= b)
                {
                    continue;
                }

                if (a > position)
                {
                    yield return (position, a, SlaSegmentKind.OutsideWorkingHours);
                }

                yield return (a, b, SlaSegmentKind.Counted);
                position = b;
            }

            if (position < dayEnd)
            {
                yield return (position, dayEnd, SlaSegmentKind.OutsideWorkingHours);
            }
        }
    }

    /// <summary>Splits <c>[from, to)</c> into parts with the reasons of the pauses covering them (null: not paused).</summary>
    private static IEnumerable<(long From, long To, string? Reason)> SplitByPauses(long from, long to, IReadOnlyList<Pause>? pauses)
    {
        var cuts = new SortedSet<long> { from, to };
        var covering = (pauses ?? []).Where(p => p.From.UtcTicks < to && (p.To?.UtcTicks ?? long.MaxValue) > from).ToList();
        foreach (var pause in covering)
        {
            cuts.Add(Math.Max(pause.From.UtcTicks, from));
            cuts.Add(Math.Min(pause.To?.UtcTicks ?? long.MaxValue, to));
        }

        var points = cuts.ToArray();
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var (a, b) = (points[i], points[i + 1]);
            var reasons = covering
                .Where(p => p.From.UtcTicks <= a && (p.To?.UtcTicks ?? long.MaxValue) >= b)
                .Select(p => p.Reason)
                .Distinct()
                .ToList();
            yield return (a, b, reasons.Count == 0 ? null : string.Join(", ", reasons));
        }
    }

    private static void Append(List<(long From, long To, SlaSegmentKind Kind, string? Reason)> raw, long from, long to, SlaSegmentKind kind, string? reason)
    {
        if (raw.Count > 0 && raw[^1] is var last && last.Kind == kind && last.Reason == reason && last.To == from)
        {
            raw[^1] = last with { To = to };
        }
        else
        {
            raw.Add((from, to, kind, reason));
        }
    }
}
