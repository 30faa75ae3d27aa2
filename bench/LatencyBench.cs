using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (c) start → HumanTask visible (its row committed) and (d) task completed (TaskCompletion) → next
/// activity done (the burst after the task committed), one instance at a time on an otherwise idle
/// host, SQLite file. Both are measured from the moment the caller calls StartAsync / CompleteAsync,
/// so they include the caller's own commit (what a 202 waits for) and the dispatcher's burst commit.
/// </summary>
public static class LatencyBench
{
    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var samples = o.Int("samples", 1000);
        var warmup = o.Int("warmup", 100);
        var syncs = (o.String("sync") ?? "FULL,NORMAL").Split(',');
        Machine.Header($"latency: {samples} samples after {warmup} warm-up, one at a time");
        var table = new MarkdownTable($"(c, d) latency on SQLite, unloaded host, {samples} sequential samples",
            "SQLite", "measure", "p50", "p90", "p99", "max", "raw commit p50 / p99", "p99 goal", "load (1-min)");
        foreach (var sync in syncs)
        {
            var db = BenchDatabase.Sqlite($"latency-{sync.ToLowerInvariant()}");
            var raw = await RawCommits.SqliteAsync(db.SqliteDirectory, sync, TimeSpan.FromSeconds(2));
            var result = await MeasureAsync(db, sync, samples, warmup);
            var rawText = $"{Fmt.Ms(raw.P50Ms)} / {Fmt.Ms(raw.P99Ms)}";
            foreach (var (label, s) in new[]
                     {
                         ("(c) start → task visible", result.ToTask),
                         ("(d) complete → next activity done", result.ToNext),
                         ("  of which: caller's commit (start)", result.StartCommit),
                         ("  of which: caller's commit (complete)", result.CompleteCommit),
                     })
            {
                table.Row($"WAL, synchronous={sync}", label, Fmt.Ms(s.Percentile(50)), Fmt.Ms(s.Percentile(90)), Fmt.Ms(s.Percentile(99)),
                    Fmt.Ms(s.Max), rawText, label.StartsWith('(') ? "≤ 20 ms" : "", result.Load);
            }
        }
        table.Note("Visible / done = the transaction that wrote it has committed (seen by an EF interceptor on the host's DbContext).");
        table.Note("engines.md (c) goal 3 asks p50 ≤ 2 × raw commit p50 and p99 ≤ 3 × raw commit p99 per step; raw = one single-row INSERT transaction.");
        table.Print();
        return table;
    }

    public sealed record Result(Samples ToTask, Samples ToNext, Samples StartCommit, Samples CompleteCommit, string Load);

    private static async Task<Result> MeasureAsync(BenchDatabase db, string sync, int samples, int warmup)
    {
        var waiters = new ConcurrentDictionary<Guid, TaskCompletionSource<(long Timestamp, Guid? TaskId)>>();
        var probe = new Probe
        {
            OnCommit = commit =>
            {
                foreach (var (id, status) in commit.Instances)
                {
                    if (status is InstanceStatus.Suspended or InstanceStatus.Completed or InstanceStatus.Faulted &&
                        waiters.TryRemove(id, out var waiter))
                    {
                        Guid? task = null;
                        foreach (var open in commit.OpenTasks)
                        {
                            if (open.InstanceId == id)
                                task = open.Id;
                        }
                        waiter.TrySetResult((commit.Timestamp, task));
                    }
                }
            },
        };
        await using var host = await BenchHost.StartAsync(db, probe, $"--Database:SqliteSynchronous={sync}");
        var version = await host.PublishAsync(Flows.WithTask($"task-{Guid.NewGuid():N}"));
        var toTask = new Samples();
        var toNext = new Samples();
        var startCommit = new Samples();
        var completeCommit = new Samples();
        for (var i = 0; i < warmup + samples; i++)
        {
            var measured = i >= warmup;
            // (c) start → task row committed
            var visible = new TaskCompletionSource<(long, Guid?)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var begin = Stopwatch.GetTimestamp();
            var (instanceId, answered) = await host.ScopeAsync(async sp =>
            {
                var started = await sp.GetRequiredService<WorkflowClient>().StartAsync(version.DefinitionId, null, null,
                    CancellationToken.None, version: version);
                waiters[started!.InstanceId] = visible;
                await sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContext>().SaveChangesAsync();
                return (started.InstanceId, Stopwatch.GetTimestamp());
            });
            var (visibleAt, taskId) = await WaitAsync(visible, instanceId);
            if (taskId is null)
                throw new InvalidOperationException($"instance {instanceId} suspended without an open task");
            if (measured)
            {
                toTask.Add(Stopwatch.GetElapsedTime(begin, visibleAt).TotalMilliseconds);
                startCommit.Add(Stopwatch.GetElapsedTime(begin, answered).TotalMilliseconds);
            }

            // (d) task completed → the next activity's burst committed
            var next = new TaskCompletionSource<(long, Guid?)>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters[instanceId] = next;
            begin = Stopwatch.GetTimestamp();
            answered = await host.ScopeAsync(async sp =>
            {
                var result = await sp.GetRequiredService<TaskCompletion>().CompleteAsync(taskId.Value, "Done", null, null, "bench",
                    CancellationToken.None);
                if (result is not TaskCompletionResult.Accepted)
                    throw new InvalidOperationException($"task {taskId} not accepted: {result}");
                return Stopwatch.GetTimestamp();
            });
            var (doneAt, _) = await WaitAsync(next, instanceId);
            if (measured)
            {
                toNext.Add(Stopwatch.GetElapsedTime(begin, doneAt).TotalMilliseconds);
                completeCommit.Add(Stopwatch.GetElapsedTime(begin, answered).TotalMilliseconds);
            }
        }
        return new Result(toTask, toNext, startCommit, completeCommit, Machine.LoadAverage().Split(' ')[0]);
    }

    private static async Task<(long Timestamp, Guid? TaskId)> WaitAsync(TaskCompletionSource<(long Timestamp, Guid? TaskId)> waiter,
        Guid instanceId)
    {
        if (await Task.WhenAny(waiter.Task, Task.Delay(TimeSpan.FromSeconds(30))) != waiter.Task)
            throw new TimeoutException($"instance {instanceId} did not move within 30 s");
        return await waiter.Task;
    }
}
