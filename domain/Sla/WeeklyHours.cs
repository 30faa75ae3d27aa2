namespace Orchestrator.Domain.Sla;

/// <summary>
/// Working intervals per weekday, in local wall-clock time. Each day's intervals are sorted and never overlap
/// (touching is fine: 09:00–12:00 and 12:00–13:00).
/// </summary>
public sealed class WeeklyHours : IEquatable<WeeklyHours>
{
    private readonly WorkingInterval[][] _days;

    private WeeklyHours(WorkingInterval[][] days) => _days = days;

    /// <summary>No working time on any day; add days with <see cref="With"/>.</summary>
    public static WeeklyHours None { get; } = new(Enumerable.Range(0, 7).Select(_ => Array.Empty<WorkingInterval>()).ToArray());

    /// <summary>Every day, all day.</summary>
    public static WeeklyHours AllDay { get; } = None.With(Enum.GetValues<DayOfWeek>(), WorkingInterval.WholeDay);

    public static IReadOnlyList<DayOfWeek> MondayToFriday { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>The same intervals Monday to Friday, weekends off: <c>WeeklyHours.Weekdays("09:00-12:00", "13:00-18:00")</c>.</summary>
    public static WeeklyHours Weekdays(params string[] intervals) =>
        None.With(MondayToFriday, intervals.Select(WorkingInterval.Parse).ToArray());

    public IReadOnlyList<WorkingInterval> On(DayOfWeek day) => _days[(int)day];

    public bool HasAnyWorkingTime => _days.Any(d => d.Length > 0);

    /// <summary>Sum of the nominal interval lengths over a week.</summary>
    public TimeSpan PerWeek => TimeSpan.FromTicks(_days.Sum(d => d.Sum(i => i.Length.Ticks)));

    /// <summary>A copy where <paramref name="day"/> has exactly <paramref name="intervals"/> (none: a day off).</summary>
    public WeeklyHours With(DayOfWeek day, params WorkingInterval[] intervals) => With([day], intervals);

    public WeeklyHours With(DayOfWeek day, params string[] intervals) =>
        With([day], intervals.Select(WorkingInterval.Parse).ToArray());

    public WeeklyHours With(IEnumerable<DayOfWeek> days, params WorkingInterval[] intervals)
    {
        var sorted = Validate(intervals);
        var copy = (WorkingInterval[][])_days.Clone();
        foreach (var day in days)
        {
            copy[(int)day] = sorted;
        }

        return new WeeklyHours(copy);
    }

    public bool Equals(WeeklyHours? other) =>
        other is not null && _days.Zip(other._days).All(pair => pair.First.SequenceEqual(pair.Second));

    public override bool Equals(object? obj) => Equals(obj as WeeklyHours);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var interval in _days.SelectMany(d => d))
        {
            hash.Add(interval);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join("; ", Enum.GetValues<DayOfWeek>()
            .Where(d => _days[(int)d].Length > 0)
            .Select(d => $"{d} {string.Join(", ", _days[(int)d])}"));

    private static WorkingInterval[] Validate(WorkingInterval[] intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        if (intervals.Any(i => i is null))
        {
            throw new ArgumentException("A working interval cannot be null.", nameof(intervals));
        }

        var sorted = intervals.OrderBy(i => i.StartTicks).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i - 1].Overlaps(sorted[i]))
            {
                throw new ArgumentException(
                    $"Working intervals of one day must not overlap: {sorted[i - 1]} and {sorted[i]}.", nameof(intervals));
            }
        }

        return sorted;
    }
}
