using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (e) Timer lag with the real clock: instances wait in a Delay, then complete. Lag = the commit that
/// completed the instance minus the timer's due time (as stored on its bookmark); also split into
/// due → fired (the timer pump's commit of the resume dispatch) and fired → completed (the burst).
/// Two shapes: due times spread evenly over a window, and many timers due at the same instant.
/// </summary>
public static class TimerBench
{
    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var spreadCount = o.Int("spread", 1000);
        var minDelay = o.Double("min-delay", 10);
        var window = o.Double("window", 60);
        var burstCount = o.Int("burst", 500);
        var sync = o.String("sync") ?? "FULL";
        Machine.Header($"timers: {spreadCount} due over {window} s, then {burstCount} due at one instant; SQLite synchronous={sync}");

        var lags = new ConcurrentDictionary<Guid, Track>();
        var probe = new Probe
        {
            OnCommit = commit =>
            {
                foreach (var (id, due) in commit.Timers)
                    lags.GetOrAdd(id, _ => new Track()).Due = due;
                foreach (var (id, kind) in commit.Dispatches)
                {
                    if (kind == DispatchKind.Resume && lags.TryGetValue(id, out var t))
                        t.Fired ??= commit.At;
                }
                foreach (var (id, status) in commit.Instances)
                {
                    if (status == InstanceStatus.Completed && lags.TryGetValue(id, out var t))
                    {
                        t.Completed = commit.At;
                        t.Done.TrySetResult();
                    }
                }
            },
        };
        var db = BenchDatabase.Sqlite("timers");
        await using var host = await BenchHost.StartAsync(db, probe, $"--Database:SqliteSynchronous={sync}");
        var table = new MarkdownTable($"(e) timer lag, real clock, SQLite WAL synchronous={sync}",
            "shape", "timers", "due → completed p50", "p99", "max", "due → fired p50", "p99", "fired → completed p99", "load (1-min)");

        // spread: delays evenly over [minDelay, minDelay + window)
        var delay = await host.PublishAsync(Flows.WithDelay($"delay-{Guid.NewGuid():N}"));
        var spreadIds = new List<Guid>();
        for (var i = 0; i < spreadCount; i += 100)
        {
            var count = Math.Min(100, spreadCount - i);
            var offset = i;
            spreadIds.AddRange(await host.StartBatchAsync(delay, count,
                k => new JsonObject { ["delay"] = minDelay + window * (offset + k) / spreadCount }));
        }
        await WaitAllAsync(lags, spreadIds, TimeSpan.FromSeconds(minDelay + window + 120));
        Row(table, $"spread over {window:F0} s ({spreadCount / window:F0}/s)", spreadIds, lags);

        // burst: all due at one instant, minDelay after the last start
        var until = await host.PublishAsync(Flows.WithDelayUntil($"until-{Guid.NewGuid():N}"));
        var at = DateTimeOffset.UtcNow.AddSeconds(minDelay + burstCount / 200.0);
        var burstIds = new List<Guid>();
        for (var i = 0; i < burstCount; i += 100)
        {
            burstIds.AddRange(await host.StartBatchAsync(until, Math.Min(100, burstCount - i),
                _ => new JsonObject { ["until"] = at.ToString("O", CultureInfo.InvariantCulture) }));
        }
        await WaitAllAsync(lags, burstIds, TimeSpan.FromSeconds(minDelay + 180));
        Row(table, "all due at the same instant", burstIds, lags);
        table.Note("Goal: due → completed p99 ≤ 1 s. Due = the bookmark's DueAt; fired = the commit of the timer's resume dispatch; " +
                   "completed = the commit of the burst that ran the rest of the flow.");
        table.Print();
        return table;
    }

    private sealed class Track
    {
        public DateTimeOffset? Due { get; set; }
        public DateTimeOffset? Fired { get; set; }
        public DateTimeOffset? Completed { get; set; }
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static async Task WaitAllAsync(ConcurrentDictionary<Guid, Track> lags, List<Guid> ids, TimeSpan timeout)
    {
        var all = Task.WhenAll(ids.Select(id => lags.GetOrAdd(id, _ => new Track()).Done.Task));
        if (await Task.WhenAny(all, Task.Delay(timeout)) != all)
            throw new TimeoutException($"{ids.Count(id => lags[id].Completed is not null)} of {ids.Count} delayed instances completed in {timeout}");
    }

    private static void Row(MarkdownTable table, string shape, List<Guid> ids, ConcurrentDictionary<Guid, Track> lags)
    {
        var total = new Samples();
        var fire = new Samples();
        var run = new Samples();
        foreach (var id in ids)
        {
            var t = lags[id];
            if (t.Due is not { } due || t.Completed is not { } completed)
                throw new InvalidOperationException($"instance {id}: no due time or completion seen");
            total.Add((completed - due).TotalMilliseconds);
            if (t.Fired is { } fired)
            {
                fire.Add((fired - due).TotalMilliseconds);
                run.Add((completed - fired).TotalMilliseconds);
            }
        }
        if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { Length: > 0 } dump)
        {
            File.AppendAllLines(dump, ids.Select(id => lags[id]).OrderBy(t => t.Due).Select(t => string.Create(CultureInfo.InvariantCulture,
                $"{shape};{t.Due:HH:mm:ss.fff};{(t.Fired - t.Due)?.TotalMilliseconds:F0};{(t.Completed - t.Due)?.TotalMilliseconds:F0}")));
        }
        table.Row(shape, ids.Count, Fmt.Ms(total.Percentile(50)), Fmt.Ms(total.Percentile(99)), Fmt.Ms(total.Max),
            Fmt.Ms(fire.Percentile(50)), Fmt.Ms(fire.Percentile(99)), Fmt.Ms(run.Percentile(99)), Machine.LoadAverage().Split(' ')[0]);
    }
}
