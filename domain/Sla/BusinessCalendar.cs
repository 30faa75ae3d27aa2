namespace Orchestrator.Domain.Sla;

/// <summary>
/// When the clock runs: working intervals per weekday in a time zone's local wall-clock time, minus holidays,
/// plus make-up workdays (调休: a weekend day worked like a given weekday).
/// A regional calendar (<see cref="ForRegion"/>) builds on a national one and adds its own days;
/// on the regional level its own days win over the base's for the same date.
/// </summary>
public sealed class BusinessCalendar : IEquatable<BusinessCalendar>
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly Dictionary<DateOnly, DayOfWeek> _makeUpWorkdays;
    private readonly WorkingInterval[][] _week;

    private BusinessCalendar(
        string name,
        TimeZoneInfo zone,
        WeeklyHours hours,
        BusinessCalendar? baseCalendar,
        IEnumerable<DateOnly> ownHolidays,
        IReadOnlyDictionary<DateOnly, DayOfWeek> ownMakeUpWorkdays)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A business calendar needs a name.", nameof(name));
        }

        if (!hours.HasAnyWorkingTime)
        {
            throw new ArgumentException($"Business calendar '{name}' needs working hours on at least one weekday.", nameof(hours));
        }

        var own = ownHolidays.ToHashSet();
        var clash = own.Where(ownMakeUpWorkdays.ContainsKey).Order().ToList();
        if (clash.Count > 0)
        {
            throw new ArgumentException(
                $"Business calendar '{name}': {clash[0]:yyyy-MM-dd} cannot be both a holiday and a make-up workday.", nameof(ownMakeUpWorkdays));
        }

        foreach (var (date, worksLike) in ownMakeUpWorkdays)
        {
            if (hours.On(worksLike).Count == 0)
            {
                throw new ArgumentException(
                    $"Business calendar '{name}': make-up workday {date:yyyy-MM-dd} works like {worksLike}, which has no working hours.",
                    nameof(ownMakeUpWorkdays));
            }
        }

        Name = name;
        TimeZone = zone;
        Hours = hours;
        Base = baseCalendar;
        OwnHolidays = own;
        OwnMakeUpWorkdays = new Dictionary<DateOnly, DayOfWeek>(ownMakeUpWorkdays);
        _week = Enum.GetValues<DayOfWeek>().Select(d => hours.On(d).ToArray()).ToArray();
        _holidays = baseCalendar is null ? [.. own] : [.. baseCalendar._holidays.Where(d => !ownMakeUpWorkdays.ContainsKey(d)), .. own];
        _makeUpWorkdays = baseCalendar is null
            ? new Dictionary<DateOnly, DayOfWeek>(ownMakeUpWorkdays)
            : baseCalendar._makeUpWorkdays.Where(p => !own.Contains(p.Key)).Concat(ownMakeUpWorkdays).ToDictionary();
        Offsets = ZoneOffsets.For(zone);
    }

    /// <summary>24×7 in UTC: for targets counted around the clock.</summary>
    public static BusinessCalendar AroundTheClock { get; } = Create("Around the clock", "UTC", WeeklyHours.AllDay);

    public string Name { get; }

    /// <summary>IANA id such as <c>Asia/Shanghai</c>.</summary>
    public string TimeZoneId => TimeZone.Id;

    public TimeZoneInfo TimeZone { get; }

    public WeeklyHours Hours { get; }

    /// <summary>The calendar this one builds on, or null for a national (base) calendar.</summary>
    public BusinessCalendar? Base { get; }

    /// <summary>Holidays declared on this calendar itself (not inherited).</summary>
    public IReadOnlySet<DateOnly> OwnHolidays { get; }

    /// <summary>Make-up workdays declared on this calendar itself: date → the weekday whose hours apply.</summary>
    public IReadOnlyDictionary<DateOnly, DayOfWeek> OwnMakeUpWorkdays { get; }

    /// <summary>Every holiday in effect, inherited and own.</summary>
    public IReadOnlySet<DateOnly> Holidays => _holidays;

    /// <summary>Every make-up workday in effect, inherited and own.</summary>
    public IReadOnlyDictionary<DateOnly, DayOfWeek> MakeUpWorkdays => _makeUpWorkdays;

    internal ZoneOffsets Offsets { get; }

    public static BusinessCalendar Create(
        string name,
        string timeZoneId,
        WeeklyHours hours,
        IEnumerable<DateOnly>? holidays = null,
        IReadOnlyDictionary<DateOnly, DayOfWeek>? makeUpWorkdays = null)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return new BusinessCalendar(name, FindZone(timeZoneId), hours, null, holidays ?? [], makeUpWorkdays ?? new Dictionary<DateOnly, DayOfWeek>());
    }

    /// <summary>A regional calendar: this calendar's zone, hours and days, plus the region's own holidays and make-up workdays.</summary>
    public BusinessCalendar ForRegion(
        string name,
        IEnumerable<DateOnly> holidays,
        IReadOnlyDictionary<DateOnly, DayOfWeek>? makeUpWorkdays = null) =>
        new(name, TimeZone, Hours, this, holidays, makeUpWorkdays ?? new Dictionary<DateOnly, DayOfWeek>());

    /// <summary>A copy with more holidays on this level.</summary>
    public BusinessCalendar WithHolidays(params DateOnly[] holidays) =>
        new(Name, TimeZone, Hours, Base, OwnHolidays.Concat(holidays), OwnMakeUpWorkdays);

    /// <summary>A copy where <paramref name="date"/> is worked with the hours of <paramref name="worksLike"/>.</summary>
    public BusinessCalendar WithMakeUpWorkday(DateOnly date, DayOfWeek worksLike = DayOfWeek.Monday) =>
        new(Name, TimeZone, Hours, Base, OwnHolidays, new Dictionary<DateOnly, DayOfWeek>(OwnMakeUpWorkdays) { [date] = worksLike });

    public BusinessCalendar WithHours(WeeklyHours hours) =>
        new(Name, TimeZone, hours, Base, OwnHolidays, OwnMakeUpWorkdays);

    /// <summary>What kind of day <paramref name="date"/> is and the working intervals that apply on it.</summary>
    public CalendarDay Day(DateOnly date) => new(date, KindOf(date), Array.AsReadOnly(IntervalsOn(date.DayNumber)));

    public bool Equals(BusinessCalendar? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Name == other.Name
                && TimeZoneId == other.TimeZoneId
                && Hours.Equals(other.Hours)
                && Equals(Base, other.Base)
                && OwnHolidays.SetEquals(other.OwnHolidays)
                && OwnMakeUpWorkdays.Count == other.OwnMakeUpWorkdays.Count
                && OwnMakeUpWorkdays.All(p => other.OwnMakeUpWorkdays.TryGetValue(p.Key, out var d) && d == p.Value)));

    public override bool Equals(object? obj) => Equals(obj as BusinessCalendar);

    public override int GetHashCode() => HashCode.Combine(Name, TimeZoneId, Hours, OwnHolidays.Count, OwnMakeUpWorkdays.Count);

    public override string ToString() => $"{Name} ({TimeZoneId})";

    internal WorkingInterval[] IntervalsOn(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        if (_holidays.Count > 0 && _holidays.Contains(date))
        {
            return [];
        }

        if (_makeUpWorkdays.Count > 0 && _makeUpWorkdays.TryGetValue(date, out var worksLike))
        {
            return _week[(int)worksLike];
        }

        return _week[(int)date.DayOfWeek];
    }

    internal CalendarDayKind KindOf(DateOnly date) =>
        _holidays.Contains(date) ? CalendarDayKind.Holiday
        : _makeUpWorkdays.ContainsKey(date) ? CalendarDayKind.MakeUpWorkday
        : _week[(int)date.DayOfWeek].Length > 0 ? CalendarDayKind.Workday
        : CalendarDayKind.DayOff;

    private static TimeZoneInfo FindZone(string timeZoneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new ArgumentException($"Unknown time zone '{timeZoneId}'; use an IANA id such as Asia/Shanghai.", nameof(timeZoneId), e);
        }
    }
}

public enum CalendarDayKind
{
    Workday,
    MakeUpWorkday,
    DayOff,
    Holiday,
}

/// <summary>One date of a calendar: its kind and the local working intervals that apply (none on a holiday or day off).</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, IReadOnlyList<WorkingInterval> Intervals);
