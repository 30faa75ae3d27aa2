using Orchestrator.Domain.Sla;

namespace Orchestrator.Domain.Tests.Sla;

/// <summary>A random SLA clock case with minute-aligned inputs; the week and days are kept as plain data for the simulation.</summary>
internal sealed record OracleScenario(
    TimeZoneInfo Zone,
    (int Start, int End)[][] Week,
    HashSet<DateOnly> Holidays,
    Dictionary<DateOnly, DayOfWeek> MakeUpWorkdays,
    BusinessCalendar Calendar,
    DateTimeOffset Start,
    TimeSpan Target,
    DateTimeOffset ElapsedUntil,
    Pause[] Pauses)
{
    private const int MinutesPerDay = 24 * 60;

    /// <summary>Zones and days near their daylight-saving changes (Santiago changes at midnight, Lord Howe by 30 minutes).</summary>
    private static readonly (string Zone, DateOnly[] Changes)[] Zones =
    [
        ("Europe/Berlin", [new(2025, 3, 30), new(2025, 10, 26), new(2024, 10, 27)]),
        ("America/New_York", [new(2025, 3, 9), new(2025, 11, 2), new(2024, 11, 3)]),
        ("America/Santiago", [new(2025, 4, 6), new(2025, 9, 7)]),
        ("Australia/Lord_Howe", [new(2025, 4, 6), new(2025, 10, 5)]),
        ("Asia/Shanghai", [new(2025, 10, 1), new(2026, 2, 17)]),
        ("Asia/Kolkata", [new(2025, 8, 15)]),
        ("UTC", [new(2025, 12, 25)]),
    ];

    public static OracleScenario Random(Random random)
    {
        var (zoneId, changes) = Zones[random.Next(Zones.Length)];
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var week = RandomWeek(random);
        var weeklyMinutes = week.Sum(day => day.Sum(i => i.End - i.Start));

        var change = changes[random.Next(changes.Length)].ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var start = new DateTimeOffset(change.AddMinutes(random.Next(-8 * MinutesPerDay, 2 * MinutesPerDay)), TimeSpan.Zero);
        var firstDay = DateOnly.FromDateTime(start.UtcDateTime);

        var holidays = Enumerable.Range(0, random.Next(5)).Select(_ => firstDay.AddDays(random.Next(-1, 21))).ToHashSet();
        var makeUp = new Dictionary<DateOnly, DayOfWeek>();
        if (random.Next(3) == 0)
        {
            var date = firstDay.AddDays(random.Next(-1, 14));
            var workingDays = Enum.GetValues<DayOfWeek>().Where(d => week[(int)d].Length > 0).ToArray();
            if (!holidays.Contains(date))
            {
                makeUp[date] = workingDays[random.Next(workingDays.Length)];
            }
        }

        var hours = Enum.GetValues<DayOfWeek>().Aggregate(
            WeeklyHours.None,
            (h, d) => h.With(d, week[(int)d].Select(i => new WorkingInterval(Time(i.Start), Time(i.End))).ToArray()));
        var calendar = BusinessCalendar.Create("random", zoneId, hours, holidays.Where(_ => random.Next(2) == 0).ToList(), makeUp);
        var regional = holidays.Except(calendar.Holidays).ToList();
        if (regional.Count > 0 || random.Next(4) == 0)
        {
            calendar = calendar.ForRegion("region", regional);
        }

        // Keep the simulation short: at most five 8-hour days and at most about one week of this calendar.
        var maxTarget = Math.Min(5 * 8 * 60, weeklyMinutes);
        var target = random.Next(8) == 0 ? 0 : (int)(maxTarget * Math.Pow(random.NextDouble(), 2));
        var elapsedUntil = start.AddMinutes(random.Next(0, 3 * MinutesPerDay));
        var pauses = RandomPauses(random, start);
        start = start.ToOffset(zone.GetUtcOffset(start));

        return new OracleScenario(zone, week, holidays, makeUp, calendar, start, TimeSpan.FromMinutes(target), elapsedUntil, pauses);
    }

    public override string ToString() =>
        $"{Zone.Id}, start {Start:O}, target {Target}, elapsed until {ElapsedUntil:O}, week [{Calendar.Hours}], "
        + $"holidays [{string.Join(", ", Holidays.Order())}], make-up [{string.Join(", ", MakeUpWorkdays.Select(p => $"{p.Key}={p.Value}"))}], "
        + $"pauses [{string.Join(", ", Pauses.Select(p => $"{p.From:O}..{p.To:O}"))}]";

    private static (int Start, int End)[][] RandomWeek(Random random)
    {
        var week = new (int Start, int End)[7][];
        do
        {
            for (var d = 0; d < 7; d++)
            {
                week[d] = random.Next(10) < 7 ? RandomDay(random, random.Next(1, 4)) : [];
            }
        }
        while (week.All(day => day.Length == 0));

        return week;
    }

    private static (int Start, int End)[] RandomDay(Random random, int intervals)
    {
        // 2n distinct cut points in [0, 1440]; consecutive pairs are the intervals. Often on the hour, to hit 02:00 and 03:00.
        var cuts = new SortedSet<int>();
        while (cuts.Count < 2 * intervals)
        {
            cuts.Add(random.Next(3) == 0 ? random.Next(25) * 60 : random.Next(MinutesPerDay + 1));
        }

        var points = cuts.ToArray();
        return Enumerable.Range(0, intervals).Select(i => (points[2 * i], points[(2 * i) + 1])).ToArray();
    }

    private static Pause[] RandomPauses(Random random, DateTimeOffset start)
    {
        var reasons = new[] { "waiting for customer", "waiting for parts", "waiting for vendor" };
        return Enumerable.Range(0, random.Next(4))
            .Select(_ =>
            {
                var from = start.AddMinutes(random.Next(-MinutesPerDay, 5 * MinutesPerDay));
                DateTimeOffset? to = random.Next(8) == 0 ? null : from.AddMinutes(random.Next(0, 2 * MinutesPerDay));
                return new Pause(from, to, reasons[random.Next(reasons.Length)]);
            })
            .ToArray();
    }

    private static TimeOnly Time(int minute) => minute == MinutesPerDay ? TimeOnly.MinValue : TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute));
}
