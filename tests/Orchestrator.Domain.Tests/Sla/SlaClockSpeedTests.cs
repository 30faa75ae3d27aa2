using System.Diagnostics;
using Orchestrator.Domain.Sla;
using Xunit.Abstractions;
using static Orchestrator.Domain.Tests.Sla.Calendars;

namespace Orchestrator.Domain.Tests.Sla;

/// <summary>Measures the cost of one due time and writes it to the test output; no timed assertion (machines differ).</summary>
public class SlaClockSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void One_due_time_takes_microseconds()
    {
        var random = new Random(7);
        var starts = Enumerable.Range(0, 2_000)
            .Select(_ => Shanghai(2025, 1, 1, 0).AddMinutes(random.Next(365 * 24 * 60)))
            .ToArray();
        var targets = new[] { Minutes(30), Hours(8), Hours(24), Hours(40) };
        var pauses = new[] { new Pause(Shanghai(2025, 6, 16, 10, 0), Shanghai(2025, 6, 17, 11, 0), "waiting for parts") };

        Measure(starts, targets, pauses, rounds: 1);
        var (count, elapsed) = Measure(starts, targets, pauses, rounds: 5);

        output.WriteLine($"{count} due times (30 min to 40 business hours, lunch breaks, holidays), {elapsed.TotalMicroseconds / count:F2} µs each");
        Assert.True(count > 0);
    }

    [Fact]
    public void One_request_evaluation_takes_microseconds()
    {
        var random = new Random(11);
        var policy = SlaPolicyVersion.ShippedDefault(China);
        var requests = Enumerable.Range(0, 5_000)
            .Select(_ => Shanghai(2025, 1, 1, 0).AddMinutes(random.Next(365 * 24 * 60)))
            .Select(opened => new SlaRequest("Repair", "P3", opened) { WorkStartedAt = opened.AddHours(random.Next(1, 30)) })
            .ToArray();

        foreach (var request in requests)
        {
            SlaRuleMatcher.Evaluate(policy, request);
        }

        var stopwatch = Stopwatch.StartNew();
        foreach (var request in requests)
        {
            SlaRuleMatcher.Evaluate(policy, request);
        }

        output.WriteLine(
            $"{requests.Length} evaluations (3 due times and 6 escalation times each), {stopwatch.Elapsed.TotalMicroseconds / requests.Length:F2} µs each");
        Assert.True(requests.Length > 0);
    }

    private static (int Count, TimeSpan Elapsed) Measure(DateTimeOffset[] starts, TimeSpan[] targets, Pause[] pauses, int rounds)
    {
        var count = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var start in starts)
            {
                foreach (var target in targets)
                {
                    SlaClock.AddBusinessTime(China, start, target, count % 2 == 0 ? [] : pauses);
                    count++;
                }
            }
        }

        return (count, stopwatch.Elapsed);
    }
}
