using Orchestrator.Domain.Sla;
using static Orchestrator.Domain.Tests.Sla.Calendars;

namespace Orchestrator.Domain.Tests.Sla;

public class SlaExplanationTests
{
    private static string Describe(SlaSegment s) =>
        $"{s.Kind} {s.From:MM-dd HH:mm}–{s.To:MM-dd HH:mm} {s.Counted.TotalMinutes}{(s.Reason is null ? "" : " " + s.Reason)}";

    [Fact]
    public void The_weekend_shows_as_evening_days_off_and_early_morning()
    {
        var explanation = SlaClock.Explain(China, Shanghai(2025, 6, 13, 19, 0), Minutes(30), []);

        Assert.Equal(
            [
                "OutsideWorkingHours 06-13 19:00–06-14 00:00 0",
                "DayOff 06-14 00:00–06-16 00:00 0",
                "OutsideWorkingHours 06-16 00:00–06-16 09:00 0",
                "Counted 06-16 09:00–06-16 09:30 30",
            ],
            explanation.Segments.Select(Describe));
        Assert.Equal(Shanghai(2025, 6, 16, 9, 30), explanation.End);
    }

    [Fact]
    public void A_lunch_break_shows_between_two_counted_segments() =>
        Assert.Equal(
            ["Counted 06-13 11:00–06-13 12:00 60", "OutsideWorkingHours 06-13 12:00–06-13 13:00 0", "Counted 06-13 13:00–06-13 16:00 180"],
            SlaClock.Explain(China, Shanghai(2025, 6, 13, 11, 0), Hours(4), []).Segments.Select(Describe));

    [Fact]
    public void Holidays_and_pauses_are_named_and_the_counted_minutes_add_up_to_the_target()
    {
        var waiting = new Pause(Shanghai(2025, 10, 9, 9, 0), Shanghai(2025, 10, 9, 9, 30), "waiting for customer");

        var explanation = SlaClock.Explain(China, Shanghai(2025, 9, 30, 17, 0), Hours(2), [waiting]);

        Assert.Equal(
            [
                "Counted 09-30 17:00–09-30 18:00 60",
                "OutsideWorkingHours 09-30 18:00–10-01 00:00 0",
                "Holiday 10-01 00:00–10-09 00:00 0",
                "OutsideWorkingHours 10-09 00:00–10-09 09:00 0",
                "Paused 10-09 09:00–10-09 09:30 0 waiting for customer",
                "Counted 10-09 09:30–10-09 10:30 60",
            ],
            explanation.Segments.Select(Describe));
        Assert.Equal(Hours(2), explanation.Counted);
        Assert.Equal(Hours(2), explanation.Segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Counted));
        Assert.Equal(explanation.End, SlaClock.AddBusinessTime(China, Shanghai(2025, 9, 30, 17, 0), Hours(2), [waiting]));
    }

    [Fact]
    public void A_pause_covers_whatever_it_overlaps_and_overlapping_reasons_are_joined()
    {
        var parts = new Pause(Shanghai(2025, 6, 16, 10, 0), Shanghai(2025, 6, 16, 11, 0), "waiting for parts");
        var customer = new Pause(Shanghai(2025, 6, 16, 10, 30), Shanghai(2025, 6, 16, 12, 30), "waiting for customer");

        var explanation = SlaClock.Explain(China, Shanghai(2025, 6, 16, 9, 0), Hours(2), [parts, customer]);

        Assert.Equal(
            [
                "Counted 06-16 09:00–06-16 10:00 60",
                "Paused 06-16 10:00–06-16 10:30 0 waiting for parts",
                "Paused 06-16 10:30–06-16 11:00 0 waiting for parts, waiting for customer",
                "Paused 06-16 11:00–06-16 12:30 0 waiting for customer",
                "OutsideWorkingHours 06-16 12:30–06-16 13:00 0",
                "Counted 06-16 13:00–06-16 14:00 60",
            ],
            explanation.Segments.Select(Describe));
    }

    [Fact]
    public void An_open_pause_ends_the_explanation_with_an_open_segment()
    {
        var open = new Pause(Shanghai(2025, 6, 16, 10, 0), null, "waiting for vendor");

        var explanation = SlaClock.Explain(China, Shanghai(2025, 6, 16, 9, 0), Hours(2), [open]);

        Assert.Null(explanation.End);
        Assert.Equal(Hours(1), explanation.Counted);
        var last = explanation.Segments[^1];
        Assert.Equal((SlaSegmentKind.Paused, Shanghai(2025, 6, 16, 10, 0), (DateTimeOffset?)null, "waiting for vendor"), (last.Kind, last.From, last.To, last.Reason));
    }

    [Fact]
    public void Elapsed_time_has_an_explanation_too()
    {
        var explanation = SlaClock.ExplainBetween(China, Shanghai(2025, 6, 13, 17, 0), Shanghai(2025, 6, 16, 10, 0), []);

        Assert.Equal(Hours(2), explanation.Counted);
        Assert.Equal(5, explanation.Segments.Count);
    }

    [Fact]
    public void Segment_times_are_local_wall_clock_times_of_the_calendar()
    {
        var explanation = SlaClock.Explain(China, new DateTimeOffset(2025, 6, 13, 1, 0, 0, TimeSpan.Zero), Minutes(30), []);

        Assert.Equal(new DateTime(2025, 6, 13, 9, 0, 0), explanation.Segments[0].From.DateTime);
        Assert.Equal(TimeSpan.FromHours(8), explanation.Start.Offset);
    }
}
