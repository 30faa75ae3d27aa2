using System.Collections.Concurrent;
using Orchestrator.Domain.Sla;
using Xunit.Abstractions;

namespace Orchestrator.Domain.Tests.Sla;

/// <summary>
/// The clock against an oracle: random calendars, zones across their daylight-saving changes, holidays, make-up days and
/// pauses; the due time and the elapsed business time must equal those of a minute-by-minute simulation.
/// </summary>
public class SlaClockOracleTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;
    private const int Seed = 20250601;

    [Fact]
    public void Due_times_and_elapsed_time_equal_a_minute_by_minute_simulation()
    {
        var failures = new ConcurrentQueue<string>();
        var simulatedMinutes = 0L;
        Parallel.For(0, Cases, i =>
        {
            var scenario = OracleScenario.Random(new Random(Seed + i));
            var simulation = MinuteByMinute.Run(scenario);
            Interlocked.Add(ref simulatedMinutes, simulation.MinutesSimulated);
            foreach (var failure in Compare(scenario, simulation))
            {
                failures.Enqueue($"case {i}: {failure}\n  {scenario}");
            }
        });

        output.WriteLine($"{Cases} cases, {simulatedMinutes:N0} minutes simulated");
        Assert.True(failures.IsEmpty, $"{failures.Count} mismatches, first ones:\n{string.Join("\n", failures.Take(5))}");
    }

    private static IEnumerable<string> Compare(OracleScenario scenario, MinuteByMinute.Result expected)
    {
        var calendar = scenario.Calendar;
        var due = SlaClock.AddBusinessTime(calendar, scenario.Start, scenario.Target, scenario.Pauses);
        if (due != expected.Due)
        {
            yield return $"due {due:O}, simulation {expected.Due:O}";
        }

        var elapsed = SlaClock.BusinessTimeBetween(calendar, scenario.Start, scenario.ElapsedUntil, scenario.Pauses);
        if (elapsed != expected.ElapsedUntil)
        {
            yield return $"elapsed until {scenario.ElapsedUntil:O} {elapsed}, simulation {expected.ElapsedUntil}";
        }

        if (due is { } reached && SlaClock.BusinessTimeBetween(calendar, scenario.Start, reached, scenario.Pauses) != scenario.Target)
        {
            yield return "elapsed time until the due time is not the target";
        }

        var explanation = SlaClock.Explain(calendar, scenario.Start, scenario.Target, scenario.Pauses);
        var problem = ExplanationProblem(explanation, scenario, due);
        if (problem is not null)
        {
            yield return problem;
        }
    }

    private static string? ExplanationProblem(SlaExplanation explanation, OracleScenario scenario, DateTimeOffset? due)
    {
        var segments = explanation.Segments;
        var counted = segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Counted);
        if (explanation.End != due)
        {
            return $"explanation ends {explanation.End:O}, due {due:O}";
        }

        if (due is not null && counted != scenario.Target)
        {
            return $"explanation counts {counted}, target {scenario.Target}";
        }

        var position = scenario.Start;
        foreach (var segment in segments)
        {
            if (segment.From != position || segment.To <= segment.From)
            {
                return $"segment {segment} does not follow {position:O}";
            }

            position = segment.To ?? DateTimeOffset.MaxValue;
        }

        var end = due ?? DateTimeOffset.MaxValue;
        return segments.Count > 0 && position != end ? $"segments end {position:O}, not {end:O}" : null;
    }
}
