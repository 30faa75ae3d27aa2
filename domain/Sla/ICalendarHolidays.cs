using System.Globalization;

namespace Orchestrator.Domain.Sla;

/// <summary>A holiday read from an iCalendar file: the date and the event's summary.</summary>
public sealed record ImportedHoliday(DateOnly Date, string? Summary);

/// <summary>A file that is not a usable iCalendar: the 1-based line (after unfolding, the line it started on) and why.</summary>
public sealed class ICalendarFormatException(int line, string message) : FormatException($"Line {line}: {message}")
{
    public int Line { get; } = line;

    public string Reason { get; } = message;
}

/// <summary>
/// Reads holidays from an iCalendar (<c>.ics</c>, RFC 5545) file: every <c>VEVENT</c>'s dates. An all-day event
/// (<c>DTSTART;VALUE=DATE:20260501</c>) covers its dates up to <c>DTEND</c> (exclusive; one day without it, or
/// <c>DURATION:P3D</c>); a timed event covers each local date it touches (in its <c>TZID</c>, in the calendar's zone
/// for UTC or floating times), since a business calendar's holiday is a whole day. <c>RRULE</c> with <c>FREQ=YEARLY</c>
/// (<c>INTERVAL</c>, <c>COUNT</c>, <c>UNTIL</c>), <c>DAILY</c> and <c>WEEKLY</c> repeat the event; <c>EXDATE</c>
/// removes occurrences. Only dates within <c>[from, to]</c> are returned.
/// </summary>
public static class ICalendarHolidays
{
    private const int MaxOccurrencesPerEvent = 10_000;

    public static IReadOnlyList<ImportedHoliday> Read(string text, DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        var lines = Unfold(text);
        if (lines.Count == 0 || !lines.Any(l => l.Text.Length > 0))
            throw new ICalendarFormatException(1, "The file is empty; an iCalendar file starts with BEGIN:VCALENDAR.");
        var first = lines.First(l => l.Text.Length > 0);
        if (!first.Text.Equals("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
            throw new ICalendarFormatException(first.Number, $"An iCalendar file starts with BEGIN:VCALENDAR, not '{Cut(first.Text)}'.");

        var found = new SortedDictionary<DateOnly, string?>();
        var stack = new Stack<(string Name, int Line)>();
        Dictionary<string, (Property Property, int Line)>? vevent = null;
        List<(Property Property, int Line)>? exdates = null;
        var eventLine = 0;
        foreach (var (number, raw) in lines)
        {
            if (raw.Length == 0)
                continue;
            var property = Parse(raw, number);
            switch (property.Name)
            {
                case "BEGIN":
                    stack.Push((property.Value.ToUpperInvariant(), number));
                    if (property.Value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase))
                        (vevent, exdates, eventLine) = (new Dictionary<string, (Property, int)>(StringComparer.OrdinalIgnoreCase), [], number);
                    break;
                case "END":
                    if (stack.Count == 0 || !stack.Peek().Name.Equals(property.Value, StringComparison.OrdinalIgnoreCase))
                        throw new ICalendarFormatException(number,
                            stack.Count == 0 ? $"END:{property.Value} without a BEGIN." : $"BEGIN:{stack.Peek().Name} of line {stack.Peek().Line} is never closed before END:{property.Value}.");
                    stack.Pop();
                    if (property.Value.Equals("VEVENT", StringComparison.OrdinalIgnoreCase) && vevent is not null)
                    {
                        foreach (var (date, summary) in Occurrences(vevent, exdates!, eventLine, from, to, zone))
                            found.TryAdd(date, summary);
                        vevent = null;
                    }
                    break;
                default:
                    if (vevent is not null && stack.Peek().Name == "VEVENT")
                    {
                        if (property.Name == "EXDATE")
                            exdates!.Add((property, number));
                        else
                            vevent[property.Name] = (property, number);
                    }
                    break;
            }
        }

        if (stack.Count > 0)
            throw new ICalendarFormatException(stack.Peek().Line, $"BEGIN:{stack.Peek().Name} is never closed with END:{stack.Peek().Name}.");
        return found.Select(p => new ImportedHoliday(p.Key, p.Value)).ToList();
    }

    private static IEnumerable<(DateOnly Date, string? Summary)> Occurrences(
        Dictionary<string, (Property Property, int Line)> e, List<(Property Property, int Line)> exdates, int eventLine,
        DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        if (!e.TryGetValue("DTSTART", out var start))
            throw new ICalendarFormatException(eventLine, "A VEVENT needs a DTSTART.");
        var summary = e.TryGetValue("SUMMARY", out var s) ? Unescape(s.Property.Value) : null;
        var (startAt, allDay) = Moment(start.Property, start.Line, zone);
        DateTime endAt;
        if (e.TryGetValue("DTEND", out var end))
        {
            var (value, endAllDay) = Moment(end.Property, end.Line, zone);
            if (endAllDay != allDay)
                throw new ICalendarFormatException(end.Line, "DTEND must be a date when DTSTART is a date, and a date-time when it is a date-time.");
            if (value < startAt)
                throw new ICalendarFormatException(end.Line, "DTEND is before DTSTART.");
            endAt = value;
        }
        else if (e.TryGetValue("DURATION", out var duration))
        {
            endAt = startAt + Duration(duration.Property.Value, duration.Line);
        }
        else
        {
            endAt = allDay ? startAt.AddDays(1) : startAt;
        }

        var length = endAt - startAt;
        var excluded = new HashSet<DateTime>();
        foreach (var (property, line) in exdates)
        {
            foreach (var part in property.Value.Split(','))
                excluded.Add(Moment(property with { Value = part }, line, zone).At);
        }

        foreach (var occurrence in Repeat(e, startAt, to))
        {
            if (excluded.Contains(occurrence))
                continue;
            var first = DateOnly.FromDateTime(occurrence);
            var finish = occurrence + length;
            // all-day: DTEND is exclusive; timed: the dates touched, an end exactly at midnight not counting the next day
            var last = allDay || length > TimeSpan.Zero
                ? DateOnly.FromDateTime(finish.AddTicks(-1))
                : first;
            if (last < first)
                last = first;
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                if (d >= from && d <= to)
                    yield return (d, summary);
            }
        }
    }

    private static IEnumerable<DateTime> Repeat(Dictionary<string, (Property Property, int Line)> e, DateTime start, DateOnly to)
    {
        if (!e.TryGetValue("RRULE", out var rule))
        {
            yield return start;
            yield break;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in rule.Property.Value.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2)
                throw new ICalendarFormatException(rule.Line, $"RRULE part '{part}' is not NAME=VALUE.");
            parts[kv[0].Trim()] = kv[1].Trim();
        }

        if (!parts.TryGetValue("FREQ", out var freq))
            throw new ICalendarFormatException(rule.Line, "RRULE needs FREQ.");
        var interval = 1;
        if (parts.TryGetValue("INTERVAL", out var i) && (!int.TryParse(i, CultureInfo.InvariantCulture, out interval) || interval < 1))
            throw new ICalendarFormatException(rule.Line, $"RRULE INTERVAL '{i}' must be a positive whole number.");
        int? count = null;
        if (parts.TryGetValue("COUNT", out var c))
        {
            if (!int.TryParse(c, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new ICalendarFormatException(rule.Line, $"RRULE COUNT '{c}' must be a positive whole number.");
            count = n;
        }

        DateTime? until = null;
        if (parts.TryGetValue("UNTIL", out var u))
            until = Moment(new Property("UNTIL", new Dictionary<string, string>(), u), rule.Line, TimeZoneInfo.Utc).At;
        var unsupported = parts.Keys.FirstOrDefault(k => k.ToUpperInvariant() is not ("FREQ" or "INTERVAL" or "COUNT" or "UNTIL" or "WKST"));
        if (unsupported is not null)
            throw new ICalendarFormatException(rule.Line, $"RRULE {unsupported} is not supported; use FREQ=YEARLY/WEEKLY/DAILY with INTERVAL, COUNT or UNTIL.");
        Func<DateTime, int, DateTime> step = freq.ToUpperInvariant() switch
        {
            "YEARLY" => (d, n) => d.AddYears(n),
            "WEEKLY" => (d, n) => d.AddDays(7 * n),
            "DAILY" => (d, n) => d.AddDays(n),
            _ => throw new ICalendarFormatException(rule.Line, $"RRULE FREQ={freq} is not supported; use YEARLY, WEEKLY or DAILY."),
        };
        var limit = to.ToDateTime(TimeOnly.MaxValue);
        for (var k = 0; k < MaxOccurrencesPerEvent; k++)
        {
            DateTime at;
            try
            {
                at = step(start, k * interval);
            }
            catch (ArgumentOutOfRangeException)
            {
                yield break;
            }

            if ((count is { } max && k >= max) || (until is { } last && at > last) || at > limit)
                yield break;
            // Feb 29 yearly: RFC 5545 skips years without it (AddYears would move it to Feb 28)
            if (freq.Equals("YEARLY", StringComparison.OrdinalIgnoreCase) && at.Day != start.Day)
                continue;
            yield return at;
        }
    }

    /// <summary>A DTSTART/DTEND/EXDATE value as local wall-clock time (the zone's for UTC and floating times), and whether it is a date.</summary>
    private static (DateTime At, bool AllDay) Moment(Property property, int line, TimeZoneInfo zone)
    {
        var value = property.Value.Trim();
        var isDate = property.Parameters.TryGetValue("VALUE", out var kind) && kind.Equals("DATE", StringComparison.OrdinalIgnoreCase)
                     || value.Length == 8;
        if (isDate)
        {
            if (!DateTime.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new ICalendarFormatException(line, $"{property.Name} '{Cut(value)}' is not a date like 20260501.");
            return (date, true);
        }

        var utc = value.EndsWith('Z') || value.EndsWith('z');
        if (!DateTime.TryParseExact(utc ? value[..^1] : value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            throw new ICalendarFormatException(line, $"{property.Name} '{Cut(value)}' is not a date like 20260501 or a date-time like 20260501T090000Z.");
        if (utc)
            return (TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone), false);
        if (property.Parameters.TryGetValue("TZID", out var tzid))
        {
            TimeZoneInfo source;
            try
            {
                source = TimeZoneInfo.FindSystemTimeZoneById(tzid.Trim('"'));
            }
            catch (TimeZoneNotFoundException)
            {
                throw new ICalendarFormatException(line, $"TZID '{Cut(tzid)}' is not a known time zone; use an IANA id such as Asia/Shanghai.");
            }

            var instant = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(at, DateTimeKind.Unspecified), source);
            return (TimeZoneInfo.ConvertTimeFromUtc(instant, zone), false);
        }

        return (at, false);
    }

    private static TimeSpan Duration(string value, int line)
    {
        try
        {
            var v = value.Trim();
            var negative = v.StartsWith('-');
            var span = global::System.Xml.XmlConvert.ToTimeSpan(v.TrimStart('+', '-'));
            if (negative || span < TimeSpan.Zero)
                throw new FormatException();
            return span;
        }
        catch (FormatException)
        {
            throw new ICalendarFormatException(line, $"DURATION '{Cut(value)}' is not a duration like P1D or PT8H.");
        }
    }

    private static Property Parse(string line, int number)
    {
        var colon = IndexOfColon(line);
        if (colon <= 0)
            throw new ICalendarFormatException(number, $"'{Cut(line)}' is not a NAME:VALUE content line.");
        var head = line[..colon].Split(';');
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in head.Skip(1))
        {
            var kv = p.Split('=', 2);
            if (kv.Length != 2)
                throw new ICalendarFormatException(number, $"Parameter '{Cut(p)}' is not NAME=VALUE.");
            parameters[kv[0]] = kv[1];
        }

        return new Property(head[0].Trim().ToUpperInvariant(), parameters, line[(colon + 1)..]);
    }

    /// <summary>The colon that ends the name and parameters (a quoted parameter value may contain colons).</summary>
    private static int IndexOfColon(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
                quoted = !quoted;
            else if (line[i] == ':' && !quoted)
                return i;
        }

        return -1;
    }

    /// <summary>Lines with folded continuations (a leading space or tab) joined, each with the number of the line it starts on.</summary>
    private static List<(int Number, string Text)> Unfold(string text)
    {
        var result = new List<(int Number, string Text)>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && result.Count > 0)
                result[^1] = (result[^1].Number, result[^1].Text + raw[1..]);
            else
                result.Add((number, raw.TrimEnd('\r')));
        }

        if (result.Count > 0 && result[0].Text.StartsWith('\uFEFF'))
            result[0] = (result[0].Number, result[0].Text[1..]);
        return result;
    }

    private static string Unescape(string value) =>
        value.Replace("\\n", "\n", StringComparison.OrdinalIgnoreCase).Replace("\\,", ",", StringComparison.Ordinal)
            .Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static string Cut(string value) => value.Length > 60 ? value[..60] + "…" : value;

    private sealed record Property(string Name, Dictionary<string, string> Parameters, string Value);
}
