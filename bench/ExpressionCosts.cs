using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Workflows.Expressions;
using Scriban;
using Scriban.Runtime;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Diagnosis for the Scriban row of (a): what one expression costs, piece by piece, on one thread.
/// The model is built the way a burst builds it (input parsed, vars and outputs converted); a burst
/// builds it again after every activity that changes a variable or has an output.
/// </summary>
public static class ExpressionCosts
{
    public static MarkdownTable Measure(ExpressionEngine engine, int iterations = 20_000)
    {
        var input = new JsonObject { ["n"] = 3 }.ToJsonString();
        // parsed, as a burst's state is (ToScript cannot convert a JsonValue<int> made in C#: it throws)
        var vars = JsonNode.Parse("{\"v1\":1,\"v3\":3,\"v5\":5}")!.AsObject();
        var outputs = JsonNode.Parse("{\"step1\":1,\"step3\":3,\"step5\":5}")!.AsObject();
        ScriptObject BuildModel() => new()
        {
            ["input"] = ExpressionEngine.ToScript(JsonNode.Parse(input)),
            ["vars"] = ExpressionEngine.ToScriptObject(vars),
            ["outputs"] = ExpressionEngine.ToScriptObject(outputs),
            ["instance"] = new ScriptObject { ["id"] = Guid.NewGuid().ToString(), ["definitionId"] = "seq10x", ["version"] = 1 },
        };
        var model = BuildModel();
        var table = new MarkdownTable($"(a) diagnosis — one expression, piece by piece (one thread, mean of {iterations})",
            "piece", "per call", "allocated per call");
        void Row(string name, Action action)
        {
            for (var i = 0; i < 1000; i++)
                action();
            GC.Collect();
            var bytes = GC.GetAllocatedBytesForCurrentThread();
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
                action();
            var us = stopwatch.Elapsed.TotalMicroseconds / iterations;
            table.Row(name, $"{Fmt.N(us)} µs", $"{Fmt.N((GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)iterations / 1024)} KB");
        }
        Row("ExpressionEngine.Evaluate(\"(input.n ?? 0) + 1\"), model built once", () => engine.Evaluate("(input.n ?? 0) + 1", model));
        Row("ExpressionEngine.Render(\"step {{ instance.id }}\"), model built once", () => engine.Render("step 2 of {{ instance.id }}", model));
        Row("building the model (what a burst does after each variable change)", () => BuildModel());
        Row("new TemplateContext() (Evaluate and Render make one per call)", () => _ = new TemplateContext());
        Row("new CancellationTokenSource(1 s), not disposed (one per call: a timer each)", () => _ = new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token);
        Row("Guid.NewGuid().ToString(\"N\") (a system call per id)", () => _ = Guid.NewGuid().ToString("N"));
        Row("ActivityContext.NewKey() (Ids.NewGuid: a system call per 64 ids; once per activity)", () => _ = Orchestrator.Workflows.Activities.ActivityContext.NewKey());
        return table;
    }
}
