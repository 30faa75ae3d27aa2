using System.Collections.Concurrent;

namespace Orchestrator.Domain.Sla;

/// <summary>
/// A time zone seen as spans of constant UTC offset, found once per zone and year and cached, so walking
/// working time asks <see cref="TimeZoneInfo"/> nothing in the hot loop.
/// Transitions are located to the second (tz database transitions are whole seconds); the zone is sampled
/// every six hours, so two transitions less than six hours apart would be missed (no zone has them).
/// </summary>
internal sealed class ZoneOffsets
{
    private const long SampleStep = 6 * TimeSpan.TicksPerHour;
    private static readonly ConcurrentDictionary<string, ZoneOffsets> Zones = new(StringComparer.Ordinal);

    private readonly TimeZoneInfo _zone;
    private readonly ConcurrentDictionary<int, YearTable> _years = new();

    private ZoneOffsets(TimeZoneInfo zone) => _zone = zone;

    public static ZoneOffsets For(TimeZoneInfo zone) => Zones.GetOrAdd(zone.Id, _ => new ZoneOffsets(zone));

    /// <summary>The span <c>[start, end)</c> around <paramref name="utcTicks"/> in which the offset stays the same.</summary>
    public void Find(long utcTicks, out long start, out long end, out long offset)
    {
        var year = new DateTime(utcTicks, DateTimeKind.Utc).Year;
        var table = _years.GetOrAdd(year, Build);
        var i = Array.BinarySearch(table.Starts, utcTicks);
        if (i < 0)
        {
            i = ~i - 1;
        }

        start = table.Starts[i];
        end = i + 1 < table.Starts.Length ? table.Starts[i + 1] : table.End;
        offset = table.Offsets[i];
    }

    public TimeSpan OffsetAt(long utcTicks)
    {
        Find(utcTicks, out _, out _, out var offset);
        return TimeSpan.FromTicks(offset);
    }

    private YearTable Build(int year)
    {
        var yearStart = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var yearEnd = year == DateTime.MaxValue.Year ? DateTime.MaxValue.Ticks : new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
        var starts = new List<long> { yearStart };
        var offsets = new List<long> { Offset(yearStart) };
        var previous = yearStart;
        while (previous < yearEnd - TimeSpan.TicksPerSecond)
        {
            var sample = Math.Min(previous + SampleStep, yearEnd - TimeSpan.TicksPerSecond);
            var offset = Offset(sample);
            if (offset != offsets[^1])
            {
                starts.Add(FirstSecondWithOffset(previous, sample, offset));
                offsets.Add(offset);
            }

            previous = sample;
        }

        return new YearTable(starts.ToArray(), offsets.ToArray(), yearEnd);
    }

    /// <summary>The first whole second in <c>(low, high]</c> whose offset is <paramref name="offset"/>.</summary>
    private long FirstSecondWithOffset(long low, long high, long offset)
    {
        var lo = low / TimeSpan.TicksPerSecond;
        var hi = high / TimeSpan.TicksPerSecond;
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Offset(mid * TimeSpan.TicksPerSecond) == offset)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi * TimeSpan.TicksPerSecond;
    }

    private long Offset(long utcTicks) => _zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    private sealed record YearTable(long[] Starts, long[] Offsets, long End);
}
