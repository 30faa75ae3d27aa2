using System.Globalization;

namespace Orchestrator.Domain.Sla;

/// <summary>
/// A span of local wall-clock working time within one day, <c>[Start, End)</c>.
/// An <see cref="End"/> of 00:00 means "until midnight" (24:00), so a whole day is <c>00:00–00:00</c>.
/// </summary>
public sealed record WorkingInterval
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    public WorkingInterval(TimeOnly start, TimeOnly end)
    {
        var endTicks = end == TimeOnly.MinValue ? TicksPerDay : end.Ticks;
        if (start.Ticks >= endTicks)
        {
            throw new ArgumentException(
                $"A working interval must start before it ends: {Format(start)}-{Format(end)}.", nameof(end));
        }

        Start = start;
        End = end;
        StartTicks = start.Ticks;
        EndTicks = endTicks;
    }

    /// <summary>The whole day, 00:00–24:00.</summary>
    public static WorkingInterval WholeDay { get; } = new(TimeOnly.MinValue, TimeOnly.MinValue);

    public TimeOnly Start { get; }

    /// <summary>The end (exclusive); 00:00 stands for midnight at the end of the day.</summary>
    public TimeOnly End { get; }

    public bool EndsAtMidnight => EndTicks == TicksPerDay;

    /// <summary>Nominal length on the wall clock (a daylight-saving change can make the real length differ).</summary>
    public TimeSpan Length => TimeSpan.FromTicks(EndTicks - StartTicks);

    /// <summary>Ticks since local midnight.</summary>
    internal long StartTicks { get; }

    /// <summary>Ticks since local midnight, up to one whole day.</summary>
    internal long EndTicks { get; }

    public bool Overlaps(WorkingInterval other) => StartTicks < other.EndTicks && other.StartTicks < EndTicks;

    /// <summary>Reads <c>"09:00-12:00"</c> (also with an en dash); <c>"00:00-24:00"</c> is the whole day.</summary>
    public static WorkingInterval Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', '–');
        if (parts.Length != 2)
        {
            throw new FormatException($"A working interval reads like 09:00-12:00, not '{text}'.");
        }

        return new WorkingInterval(ParseTime(parts[0]), ParseTime(parts[1]));
    }

    public override string ToString() => $"{Format(Start)}-{(EndsAtMidnight ? "24:00" : Format(End))}";

    private static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static TimeOnly ParseTime(string text)
    {
        var trimmed = text.Trim();
        return trimmed == "24:00"
            ? TimeOnly.MinValue
            : TimeOnly.ParseExact(trimmed, ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture);
    }
}
