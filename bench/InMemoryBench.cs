using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (a) No persistence, a 10-activity sequence: our engine (InMemoryWorkflowEngine) against
/// WorkflowCore 3.22 with its default in-memory persistence, queue and host, in the same process,
/// with the same N, warm-up and number of rounds. Instances/s = N ÷ (first start → last completion).
/// </summary>
public static class InMemoryBench
{
    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var n = o.Int("n", 5_000);
        var warmup = o.Int("warmup", 1_000);
        var rounds = o.Int("rounds", 5);
        var parallel = o.Int("parallel", Environment.ProcessorCount);
        Machine.Header($"inmemory: N={n}, warm-up={warmup}, rounds={rounds}, parallel={parallel}");

        var ours = new ServiceCollection().AddWorkflows().BuildServiceProvider();
        var engine = ours.GetRequiredService<InMemoryWorkflowEngine>();
        var validator = ours.GetRequiredService<DefinitionValidator>();
        var literal = Compile(validator, Flows.Sequence("seq10", 8));
        var scripted = Compile(validator, Flows.Sequence("seq10x", 8, expressions: true));

        var only = o.String("only");
        var variants = new List<(string Name, Func<int, Task<TimeSpan>> Run, string Note)>();
        if (only is null or "wfc" or "ours")
        {
            variants.Add(("WorkflowCore 3.22, in-memory", WorkflowCoreAsync,
                "10 no-op StepBody steps; default MemoryPersistenceProvider, SingleNodeQueueProvider, host"));
        }
        if (only is null or "ours")
        {
            variants.Add(("Orchestrator InMemoryWorkflowEngine, keepLog=true",
                count => OursAsync(engine, literal, count, keepLog: true, parallel), "literal inputs; 12 log rows kept per instance"));
            variants.Add(("Orchestrator InMemoryWorkflowEngine, keepLog=false",
                count => OursAsync(engine, literal, count, keepLog: false, parallel), "literal inputs; log rows dropped"));
        }
        if (only is null or "scriban")
        {
            variants.Add(("Orchestrator, Scriban inputs, keepLog=true", count => OursAsync(engine, scripted, count, keepLog: true, parallel),
                "4 expressions + 4 templates per instance (not comparable with WorkflowCore's no-op steps)"));
        }

        // warm-up each, then the rounds interleaved (WorkflowCore, ours, …, WorkflowCore, ours, …) so that load from
        // other work on the machine hits every engine alike; ratios are taken within a round
        foreach (var variant in variants)
            await variant.Run(warmup);
        var measured = variants.Select(_ => new List<Round>()).ToList();
        for (var r = 0; r < rounds; r++)
        {
            for (var v = 0; v < variants.Count; v++)
                measured[v].Add(await MeasureAsync(n, variants[v].Run));
        }

        var hasWfc = variants[0].Name.StartsWith("WorkflowCore", StringComparison.Ordinal);
        var table = new MarkdownTable($"(a) inmemory — 10-activity sequence, no persistence (N={n}, warm-up {warmup}, {rounds} interleaved rounds)",
            "engine", "instances/s (median)", "min – max", "vs WorkflowCore (median of per-round ratios)", "CPU / instance",
            "vs WorkflowCore, per CPU-second", "allocated / instance", "GC pause", "note");
        for (var v = 0; v < variants.Count; v++)
        {
            var mine = measured[v];
            var rates = mine.Select(x => x.Rate).ToList();
            var ratio = hasWfc ? Median(mine.Select((x, i) => x.Rate / measured[0][i].Rate).ToList()) : double.NaN;
            var cpuRatio = hasWfc ? Median(measured[0].Select(x => x.CpuUs).ToList()) / Median(mine.Select(x => x.CpuUs).ToList()) : double.NaN;
            table.Row(variants[v].Name, Median(rates), $"{Fmt.N(rates.Min())} – {Fmt.N(rates.Max())}", Fmt.Ratio(ratio),
                $"{Fmt.N(Median(mine.Select(x => x.CpuUs).ToList()))} µs", Fmt.Ratio(cpuRatio),
                $"{Fmt.N(Median(mine.Select(x => x.Bytes).ToList()) / 1024.0)} KB", $"{Median(mine.Select(x => x.GcShare).ToList()) * 100:F1}%",
                variants[v].Note);
        }
        table.Note($"Goal: ≥ 20× WorkflowCore. Ours runs {parallel} starts at once (Parallel.ForAsync); WorkflowCore runs its default " +
                   $"{Environment.ProcessorCount} consumer workers. Each WorkflowCore round uses a fresh host (its in-memory store scans a list).");
        table.Note("CPU / instance = this process's CPU time during the round ÷ N (less sensitive than wall time to other work on the machine; " +
                   "WorkflowCore's includes its idle polling threads, which are part of its cost).");
        table.Note($"load average after: {Machine.LoadAverage()}");
        table.Print();
        if (only is null or "scriban")
        {
            var costs = ExpressionCosts.Measure(ours.GetRequiredService<Orchestrator.Workflows.Expressions.ExpressionEngine>());
            costs.Print();
        }
        await ours.DisposeAsync();
        return table;
    }

    private static CompiledDefinition Compile(DefinitionValidator validator, Orchestrator.Workflows.Definitions.WorkflowDefinition definition)
    {
        var errors = validator.Validate(definition);
        if (errors.Count > 0)
            throw new InvalidOperationException("invalid bench flow: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        return InMemoryWorkflowEngine.Compile(definition with { Status = DefinitionStatus.Published, Version = 1 });
    }

    private sealed record Round(double Rate, double CpuUs, double Bytes, double GcShare);

    private static async Task<Round> MeasureAsync(int n, Func<int, Task<TimeSpan>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var elapsed = await run(n);
        var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n;
        return new Round(n / elapsed.TotalSeconds, cpuUs, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)n,
            (GC.GetTotalPauseDuration() - paused) / elapsed);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<TimeSpan> OursAsync(InMemoryWorkflowEngine engine, CompiledDefinition compiled, int n, bool keepLog, int parallel)
    {
        var failed = 0;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var run = await engine.StartAsync(compiled, new JsonObject { ["n"] = i }, keepLog, ct);
            if (run.Instance.Status != InstanceStatus.Completed)
                Interlocked.Increment(ref failed);
        });
        stopwatch.Stop();
        if (failed > 0)
            throw new InvalidOperationException($"{failed} of {n} in-memory instances did not complete");
        return stopwatch.Elapsed;
    }

    // ------------------------------------------------------------------ WorkflowCore

    private static async Task<TimeSpan> WorkflowCoreAsync(int n)
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddWorkflow();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<TenStepWorkflow>();
        var completed = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.OnLifeCycleEvent += evt =>
        {
            if (evt is WorkflowCompleted && Interlocked.Increment(ref completed) == n)
                all.TrySetResult();
        };
        await host.StartAsync(CancellationToken.None);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
                await host.StartWorkflow(TenStepWorkflow.Name);
            var finished = await Task.WhenAny(all.Task, Task.Delay(TimeSpan.FromMinutes(10)));
            stopwatch.Stop();
            if (finished != all.Task)
                throw new TimeoutException($"WorkflowCore completed {completed} of {n} in 10 minutes");
            return stopwatch.Elapsed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public sealed class NoOpStep : StepBody
    {
        public override ExecutionResult Run(IStepExecutionContext context) => ExecutionResult.Next();
    }

    public sealed class TenStepWorkflow : IWorkflow
    {
        public const string Name = "bench-seq10";
        public string Id => Name;
        public int Version => 1;

        public void Build(IWorkflowBuilder<object> builder) => builder
            .StartWith<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>()
            .Then<NoOpStep>();
    }
}
