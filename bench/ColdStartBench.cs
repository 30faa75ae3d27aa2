using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (f) The first instance after the host boots, in a fresh process each time: the definition is
/// published beforehand (by another process); the child boots the host, then measures
/// StartAsync + SaveChanges → the instance Completed (definition load, expression compile, EF's
/// first queries and SaveChanges, JIT). The flow uses an expression, a Decision and a template.
/// </summary>
public static class ColdStartBench
{
    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var runs = o.Int("runs", 10);
        Machine.Header($"coldstart: {runs} fresh processes");
        var db = BenchDatabase.Sqlite("coldstart");
        string definitionId, prewarmId;
        await using (var setup = await BenchHost.StartAsync(db, null, "--Workflows:RunDispatcher=false"))
        {
            definitionId = (await setup.PublishAsync(Flows.ColdPath($"cold-{Guid.NewGuid():N}"))).DefinitionId;
            prewarmId = (await setup.PublishAsync(Flows.Sequence($"prewarm-{Guid.NewGuid():N}", 3))).DefinitionId;
        }

        var results = new List<JsonObject>();
        var prewarmed = new Samples();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await ChildAsync(db, definitionId, null));
            prewarmed.Add((await ChildAsync(db, definitionId, prewarmId))["firstMs"]!.GetValue<double>());
        }

        var first = new Samples();
        var accepted = new Samples();
        var boot = new Samples();
        var second = new Samples();
        var warm = new Samples();
        foreach (var r in results)
        {
            first.Add(r["firstMs"]!.GetValue<double>());
            accepted.Add(r["firstAcceptedMs"]!.GetValue<double>());
            boot.Add(r["bootMs"]!.GetValue<double>());
            second.Add(r["secondMs"]!.GetValue<double>());
            warm.Add(r["warmMs"]!.GetValue<double>());
        }
        var table = new MarkdownTable($"(f) cold start — first instance in a fresh process ({runs} processes), SQLite FULL",
            "measure", "median", "min", "max", "goal");
        table.Row("first instance: StartAsync + SaveChanges → Completed", Fmt.Ms(first.Percentile(50)), Fmt.Ms(first.Min), Fmt.Ms(first.Max), "≤ 100 ms");
        table.Row("  of which StartAsync + SaveChanges (the 202)", Fmt.Ms(accepted.Percentile(50)), Fmt.Ms(accepted.Min), Fmt.Ms(accepted.Max), "");
        table.Row("first instance of this flow after one instance of another flow ran (EF and JIT warm)",
            Fmt.Ms(prewarmed.Percentile(50)), Fmt.Ms(prewarmed.Min), Fmt.Ms(prewarmed.Max), "");
        table.Row("second instance, same process", Fmt.Ms(second.Percentile(50)), Fmt.Ms(second.Min), Fmt.Ms(second.Max), "");
        table.Row("warm instance (median of 20 more)", Fmt.Ms(warm.Percentile(50)), Fmt.Ms(warm.Min), Fmt.Ms(warm.Max), "");
        table.Row("process start → host ready (BuildAsync + StartAsync)", Fmt.Ms(boot.Percentile(50)), Fmt.Ms(boot.Min), Fmt.Ms(boot.Max), "");
        table.Note($"load average after: {Machine.LoadAverage()}");
        var median = results.OrderBy(r => r["firstMs"]!.GetValue<double>()).ElementAt(results.Count / 2);
        table.Note("Timeline of the median run's first instance (ms after StartAsync was called; EF commands with their own duration):");
        foreach (var line in median["timeline"]!.AsArray())
            table.Note("`" + line!.GetValue<string>() + "`");
        table.Print();
        return table;
    }

    private static async Task<JsonObject> ChildAsync(BenchDatabase db, string definitionId, string? prewarmId)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in new[] { "coldstart-child", "--db", db.ConnectionString, "--definition", definitionId })
            start.ArgumentList.Add(arg);
        if (prewarmId is not null)
        {
            start.ArgumentList.Add("--prewarm");
            start.ArgumentList.Add(prewarmId);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"cold-start child failed ({process.ExitCode}): {await stdout}\n{await stderr}");
        return JsonNode.Parse(line["RESULT ".Length..])!.AsObject();
    }

    /// <summary>The child process: boot, then time the first instance, the second, and warm ones.</summary>
    public static async Task<int> ChildRunAsync(BenchOptions o)
    {
        var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        var db = new BenchDatabase("Sqlite", o.String("db")!, "SQLite");
        var definitionId = o.String("definition")!;
        var done = new ConcurrentDictionary<Guid, TaskCompletionSource<long>>();
        var probe = new Probe
        {
            OnCommit = commit =>
            {
                foreach (var (id, status) in commit.Instances)
                {
                    if (status is InstanceStatus.Completed or InstanceStatus.Faulted && done.TryRemove(id, out var waiter))
                        waiter.TrySetResult(commit.Timestamp);
                }
            },
        };
        await using var host = await BenchHost.StartAsync(db, probe);
        var bootMs = (DateTime.UtcNow - processStart).TotalMilliseconds;
        if (o.String("prewarm") is { } prewarmId)
            await OneAsync(host, prewarmId, done);

        var timeline = new ConcurrentQueue<(long Timestamp, string Sql, double Ms)>();
        probe.Timeline = timeline;
        var (firstMs, acceptedMs, begin) = await OneAsync(host, definitionId, done);
        probe.Timeline = null;
        var (secondMs, _, _) = await OneAsync(host, definitionId, done);
        var warm = new Samples();
        for (var i = 0; i < 20; i++)
            warm.Add((await OneAsync(host, definitionId, done)).TotalMs);

        var lines = new JsonArray();
        lines.Add($"{0,7:F1} StartAsync called");
        foreach (var (timestamp, sql, ms) in timeline)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(begin, timestamp).TotalMilliseconds,7:F1} ({ms,5:F1} ms) {sql}"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{acceptedMs,7:F1} SaveChanges returned (202)"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{firstMs,7:F1} burst committed: instance Completed"));
        var result = new JsonObject
        {
            ["bootMs"] = bootMs,
            ["firstMs"] = firstMs,
            ["firstAcceptedMs"] = acceptedMs,
            ["secondMs"] = secondMs,
            ["warmMs"] = warm.Percentile(50),
            ["timeline"] = new JsonArray(lines.OrderBy(l => double.Parse(l!.GetValue<string>()[..7], CultureInfo.InvariantCulture))
                .Select(l => (JsonNode?)l!.GetValue<string>()).ToArray()),
        };
        Console.WriteLine("RESULT " + result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        return 0;
    }

    private static async Task<(double TotalMs, double AcceptedMs, long Begin)> OneAsync(BenchHost host, string definitionId,
        ConcurrentDictionary<Guid, TaskCompletionSource<long>> done)
    {
        var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var begin = Stopwatch.GetTimestamp();
        var accepted = await host.ScopeAsync(async sp =>
        {
            // the API's path: the published version is looked up by id
            var started = await sp.GetRequiredService<WorkflowClient>().StartAsync(definitionId,
                new JsonObject { ["amount"] = 21, ["customer"] = "ACME" }, null, CancellationToken.None);
            done[started!.InstanceId] = waiter;
            await sp.GetRequiredService<DbContext>().SaveChangesAsync();
            return Stopwatch.GetTimestamp();
        });
        if (await Task.WhenAny(waiter.Task, Task.Delay(TimeSpan.FromSeconds(60))) != waiter.Task)
            throw new TimeoutException("the cold-start instance did not complete within 60 s");
        var end = await waiter.Task;
        return (Stopwatch.GetElapsedTime(begin, end).TotalMilliseconds, Stopwatch.GetElapsedTime(begin, accepted).TotalMilliseconds, begin);
    }
}
