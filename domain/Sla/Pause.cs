namespace Orchestrator.Domain.Sla;

/// <summary>
/// A period in which the SLA clock stands still, <c>[From, To)</c>, e.g. while waiting for the customer or for parts.
/// An open pause (<see cref="To"/> null) stops the clock from <see cref="From"/> on.
/// </summary>
public sealed record Pause
{
    public Pause(DateTimeOffset from, DateTimeOffset? to, string reason)
    {
        if (to < from)
        {
            throw new ArgumentException($"A pause cannot end ({to:O}) before it starts ({from:O}).", nameof(to));
        }

        ArgumentNullException.ThrowIfNull(reason);
        From = from;
        To = to;
        Reason = reason;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset? To { get; }

    public string Reason { get; }

    public bool IsOpen => To is null;

    public void Deconstruct(out DateTimeOffset from, out DateTimeOffset? to, out string reason) =>
        (from, to, reason) = (From, To, Reason);
}

/// <summary>Pauses as sorted, merged, disjoint UTC tick ranges; an open pause ends at <see cref="long.MaxValue"/>.</summary>
internal readonly struct PauseTimeline
{
    public const long Open = long.MaxValue;

    private PauseTimeline(long[] starts, long[] ends)
    {
        Starts = starts;
        Ends = ends;
    }

    public long[] Starts { get; }

    public long[] Ends { get; }

    public int Count => Starts?.Length ?? 0;

    /// <summary>When the clock stops for good, or <see cref="long.MaxValue"/> if it never does.</summary>
    public long OpenFrom => Count > 0 && Ends[^1] == Open ? Starts[^1] : long.MaxValue;

    /// <summary>The pauses that end after <paramref name="fromTicks"/>, merged.</summary>
    public static PauseTimeline From(IReadOnlyList<Pause>? pauses, long fromTicks)
    {
        if (pauses is null || pauses.Count == 0)
        {
            return new PauseTimeline([], []);
        }

        var ranges = new List<(long Start, long End)>(pauses.Count);
        foreach (var pause in pauses)
        {
            var end = pause.To?.UtcTicks ?? Open;
            if (end > fromTicks && end > pause.From.UtcTicks)
            {
                ranges.Add((pause.From.UtcTicks, end));
            }
        }

        ranges.Sort();
        var starts = new List<long>(ranges.Count);
        var ends = new List<long>(ranges.Count);
        foreach (var (start, end) in ranges)
        {
            if (ends.Count > 0 && start <= ends[^1])
            {
                ends[^1] = Math.Max(ends[^1], end);
            }
            else
            {
                starts.Add(start);
                ends.Add(end);
            }
        }

        return new PauseTimeline([.. starts], [.. ends]);
    }
}
