using System.Diagnostics;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (g) One request's due times: <see cref="SlaRuleMatcher.Evaluate"/> under the shipped sample policy (five rules, a
/// calendar with a lunch break, Saturday mornings, 17 holidays and make-up workdays, seven escalation steps) for random
/// requests — type, priority, tier, contract level, opened any time in 2026, a third with a pause of up to three days —
/// timed on one thread, then on every core.
/// </summary>
public static class SlaClockBench
{
    public static Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var n = o.Int("n", 200_000);
        var policy = Policy();
        var random = new Random(42);
        string[] types = ["Installation", "InWarrantyRepair", "OutOfWarrantyRepair", "Complaint", "Return", "PreventiveMaintenance"];
        string[] priorities = ["Low", "Normal", "High", "Urgent"];
        string[] tiers = ["Standard", "Silver", "Gold", "Vip"];
        string[] levels = ["Basic", "Standard", "Premium"];
        var year = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var requests = Enumerable.Range(0, n).Select(_ =>
        {
            var opened = year.AddMinutes(random.Next(365 * 24 * 60));
            var pauseAt = opened.AddMinutes(random.Next(1, 600));
            return new SlaRequest(types[random.Next(types.Length)], priorities[random.Next(priorities.Length)], opened)
            {
                CustomerTier = tiers[random.Next(tiers.Length)],
                ContractLevel = random.Next(3) == 0 ? null : levels[random.Next(levels.Length)],
                WorkStartedAt = random.Next(2) == 0 ? opened.AddMinutes(random.Next(30, 3000)) : null,
                Pauses = random.Next(3) == 0 ? [new Pause(pauseAt, pauseAt.AddMinutes(random.Next(10, 3 * 24 * 60)), "WaitingForParts")] : [],
            };
        }).ToArray();

        foreach (var r in requests.Take(20_000))
            SlaRuleMatcher.Evaluate(policy, r); // warm-up (JIT, time-zone caches)

        var watch = Stopwatch.StartNew();
        var due = 0;
        foreach (var r in requests)
            due += SlaRuleMatcher.Evaluate(policy, r).FirstResponseDue is null ? 0 : 1;
        var single = watch.Elapsed;

        watch.Restart();
        var parallel = requests.AsParallel().Count(r => SlaRuleMatcher.Evaluate(policy, r).FirstResponseDue is not null);
        var all = watch.Elapsed;

        var table = new MarkdownTable($"(g) SLA due times of one request, {n:N0} random requests", "run", "requests", "total s", "µs per request");
        table.Row("one thread", n, single.TotalSeconds, single.TotalMicroseconds / n);
        table.Row($"{Environment.ProcessorCount} cores (PLINQ)", n, all.TotalSeconds, all.TotalMicroseconds / n);
        table.Note($"{due:N0} of them have a first-response target (the rest match a no-SLA rule); {parallel:N0} in the parallel run.");
        table.Note("Target (issue 10): ≤ 50 µs per request on average.");
        table.Note(Machine.Describe());
        table.Print();
        return Task.FromResult(table);
    }

    private static SlaPolicyVersion Policy()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "data", "sla-default-v2.json")))
            dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? throw new FileNotFoundException("samples/data/sla-default-v2.json not found above the bench"),
            "samples", "data", "sla-default-v2.json");
        var errors = new FieldErrors();
        return SlaPolicyDocumentReader.Read(SlaPolicyStore.Deserialize(File.ReadAllText(path)), "default", 2, errors)
            ?? throw new InvalidOperationException("The sample SLA policy does not read: "
                + string.Join(" ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }
}
