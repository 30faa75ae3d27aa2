using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;

namespace Orchestrator.Domain.Tests.Sla;

public class ICalendarHolidaysTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static IReadOnlyList<ImportedHoliday> Read(string body, int fromYear = 2026, int toYear = 2028) =>
        ICalendarHolidays.Read(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body.Replace("\n", "\r\n", StringComparison.Ordinal) + "END:VCALENDAR\r\n",
            new DateOnly(fromYear, 1, 1), new DateOnly(toYear, 12, 31), Shanghai);

    [Fact]
    public void An_all_day_event_spans_its_dates_up_to_the_exclusive_end()
    {
        var holidays = Read("""
            BEGIN:VEVENT
            UID:1
            SUMMARY:Labour Day\, 劳动节
            DTSTART;VALUE=DATE:20260501
            DTEND;VALUE=DATE:20260504
            END:VEVENT

            """);
        Assert.Equal([new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 3)], holidays.Select(h => h.Date));
        Assert.Equal("Labour Day, 劳动节", holidays[0].Summary);
    }

    [Fact]
    public void A_yearly_rule_repeats_within_the_range_and_an_exdate_removes_one_year()
    {
        var holidays = Read("""
            BEGIN:VEVENT
            SUMMARY:National Day
            DTSTART;VALUE=DATE:20201001
            RRULE:FREQ=YEARLY
            EXDATE;VALUE=DATE:20271001
            END:VEVENT

            """);
        Assert.Equal([new DateOnly(2026, 10, 1), new DateOnly(2028, 10, 1)], holidays.Select(h => h.Date));
    }

    [Fact]
    public void A_yearly_rule_with_count_stops_and_folded_lines_are_joined()
    {
        var holidays = Read("""
            BEGIN:VEVENT
            SUMMARY:Company
              anniversary
            DTSTART:20260315
            RRULE:FREQ=YEARLY;COUNT=2
            END:VEVENT

            """);
        Assert.Equal([new DateOnly(2026, 3, 15), new DateOnly(2027, 3, 15)], holidays.Select(h => h.Date));
        Assert.Equal("Company anniversary", holidays[0].Summary);
    }

    [Fact]
    public void A_timed_event_covers_the_local_dates_it_touches()
    {
        // 2026-02-16 18:00 UTC is 02-17 02:00 in Shanghai; it ends 02-18 10:00 local
        var holidays = Read("""
            BEGIN:VEVENT
            SUMMARY:Spring Festival
            DTSTART:20260216T180000Z
            DTEND;TZID=Asia/Shanghai:20260218T100000
            END:VEVENT
            BEGIN:VEVENT
            SUMMARY:Ends at midnight
            DTSTART;TZID=Asia/Shanghai:20260601T090000
            DTEND;TZID=Asia/Shanghai:20260602T000000
            END:VEVENT

            """);
        Assert.Equal([new DateOnly(2026, 2, 17), new DateOnly(2026, 2, 18), new DateOnly(2026, 6, 1)], holidays.Select(h => h.Date));
    }

    [Theory]
    [InlineData("BEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-05-01\nEND:VEVENT\n", 5, "DTSTART")]
    [InlineData("BEGIN:VEVENT\nSUMMARY:none\nEND:VEVENT\n", 4, "DTSTART")]
    [InlineData("BEGIN:VEVENT\nDTSTART:20260501\nRRULE:FREQ=MONTHLY\nEND:VEVENT\n", 6, "MONTHLY")]
    [InlineData("BEGIN:VEVENT\nDTSTART:20260501\nthis line has no colon\nEND:VEVENT\n", 6, "NAME:VALUE")]
    [InlineData("BEGIN:VEVENT\nDTSTART:20260501\n", 6, "BEGIN:VEVENT of line 4 is never closed")]
    [InlineData("BEGIN:VEVENT\nDTSTART:20260501\nDTEND:20260430\nEND:VEVENT\n", 6, "before DTSTART")]
    public void A_bad_file_names_the_line(string body, int line, string says)
    {
        var e = Assert.Throws<ICalendarFormatException>(() => Read(body));
        Assert.Equal(line, e.Line);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_icalendar_is_refused_at_line_1()
    {
        var e = Assert.Throws<ICalendarFormatException>(() =>
            ICalendarHolidays.Read("date,name\n2026-05-01,Labour Day\n", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Shanghai));
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void A_regional_calendar_adds_its_holidays_to_the_national_ones_for_its_regions()
    {
        var errors = new FieldErrors();
        var policy = SlaPolicyDocumentReader.Read(SlaPolicyDocument.ShippedDefault with
        {
            Calendar = SlaPolicyDocument.ShippedDefault.Calendar! with
            {
                Holidays = [new DateOnly(2026, 10, 1)],
                Regional = [new RegionalCalendarDocument { Name = "Guangdong", Regions = ["Guangdong"], Holidays = [new DateOnly(2026, 3, 2)] }],
            },
        }, "p", 1, errors)!;
        Assert.False(errors.Any);
        var monday = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var inGuangdong = SlaRuleMatcher.Evaluate(policy, new SlaRequest("InWarrantyRepair", "Normal", monday) { Region = "guangdong" });
        var inShanghai = SlaRuleMatcher.Evaluate(policy, new SlaRequest("InWarrantyRepair", "Normal", monday) { Region = "Shanghai" });
        Assert.Equal(monday.AddMinutes(30), inShanghai.FirstResponseDue);
        Assert.Equal(monday.AddDays(1).AddMinutes(30), inGuangdong.FirstResponseDue);
        Assert.Contains(new DateOnly(2026, 10, 1), policy.CalendarFor("Guangdong").Holidays);
    }

    [Fact]
    public void Escalation_actions_are_checked_with_their_fields()
    {
        var errors = new FieldErrors();
        SlaPolicyDocumentReader.Read(SlaPolicyDocument.ShippedDefault with
        {
            Escalations =
            [
                new SlaEscalationDocument { Target = "FirstResponse", AtPercent = 75, Action = "email" },
                new SlaEscalationDocument { Target = "FirstResponse", AtPercent = 100, Action = "reassign" },
                new SlaEscalationDocument { Target = "FirstResponse", AtPercent = 150, Action = "dance" },
                new SlaEscalationDocument { Target = "FirstResponse", MinutesBeforeDue = 10, Action = "email", EmailTo = "role:Supervisor" },
            ],
        }, "p", 1, errors);
        Assert.Equal(["escalations[0].emailTo", "escalations[1].team", "escalations[2].action"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
