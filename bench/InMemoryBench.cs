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
        var results = new List<(string Name, Measured Result, string Note)>();
        if (only is null or "wfc")
        {
            results.Add(("WorkflowCore 3.22, in-memory", await RoundsAsync(rounds, warmup, n,
                count => WorkflowCoreAsync(count)), "10 no-op StepBody steps; default MemoryPersistenceProvider, SingleNodeQueueProvider, host"));
        }
        if (only is null or "ours")
        {
            results.Add(("Orchestrator InMemoryWorkflowEngine, keepLog=true", await RoundsAsync(rounds, warmup, n,
                count => OursAsync(engine, literal, count, keepLog: true, parallel)), "literal inputs; 12 log rows kept per instance"));
            results.Add(("Orchestrator InMemoryWorkflowEngine, keepLog=false", await RoundsAsync(rounds, warmup, n,
                count => OursAsync(engine, literal, count, keepLog: false, parallel)), "literal inputs; log rows dropped"));
        }
        if (only is null or "scriban")
        {
            results.Add(("Orchestrator, Scriban inputs, keepLog=true", await RoundsAsync(rounds, warmup, n,
                count => OursAsync(engine, scripted, count, keepLog: true, parallel)),
                "4 expressions + 4 templates per instance (not comparable with WorkflowCore's no-op steps)"));
        }

        var wfc = only is null or "wfc" ? Median(results[0].Result.Rates) : double.NaN;
        var table = new MarkdownTable($"(a) inmemory — 10-activity sequence, no persistence (N={n}, warm-up {warmup}, median of {rounds} rounds)",
            "engine", "instances/s (median)", "min – max", "vs WorkflowCore", "allocated / instance", "GC pause", "note");
        foreach (var (name, result, note) in results)
        {
            table.Row(name, Median(result.Rates), $"{Fmt.N(result.Rates.Min())} – {Fmt.N(result.Rates.Max())}",
                Fmt.Ratio(Median(result.Rates) / wfc), $"{Fmt.N(result.BytesPerInstance / 1024.0)} KB",
                $"{result.GcPauseShare * 100:F1}%", note);
        }
        table.Note($"Goal: ≥ 20× WorkflowCore. Ours runs {parallel} starts at once (Parallel.ForAsync); WorkflowCore runs its default " +
                   $"{Environment.ProcessorCount} consumer workers. Each WorkflowCore round uses a fresh host (its in-memory store scans a list).");
        table.Note($"load average after: {Machine.LoadAverage()}");
        table.Print();
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

    private sealed record Measured(List<double> Rates, double BytesPerInstance, double GcPauseShare);

    private static async Task<Measured> RoundsAsync(int rounds, int warmup, int n, Func<int, Task<TimeSpan>> run)
    {
        if (warmup > 0)
            await run(warmup);
        var rates = new List<double>();
        var bytes = new List<double>();
        var pauses = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var paused = GC.GetTotalPauseDuration();
            var elapsed = await run(n);
            bytes.Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)n);
            pauses.Add((GC.GetTotalPauseDuration() - paused) / elapsed);
            rates.Add(n / elapsed.TotalSeconds);
        }
        return new Measured(rates, Median(bytes), Median(pauses));
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
