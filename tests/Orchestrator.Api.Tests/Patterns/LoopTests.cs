using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>Structured loops (WCP-21), arbitrary cycles (WCP-10), recursion (WCP-22).</summary>
public abstract class LoopTests(HostFixture host) : PatternTest(host)
{
    [Fact]
    public async Task WCP21_a_while_loop_runs_its_body_until_the_condition_fails()
    {
        var instance = await RunAsync(Flow(Id("while"),
            [
                A("start", "Start"),
                A("loop", "Loop", new() { ["while"] = Expr("(vars.n ?? 0) < input.times"), ["max"] = 10 }),
                A("inc", "SetVariable", new() { ["name"] = "n", ["value"] = Expr("(vars.n ?? 0) + 1") }),
                A("after", "Log", new() { ["message"] = "done" }),
            ],
            "start.Done→loop", "loop.Body→inc", "inc.Done→loop", "loop.Done→after"), new { times = 3 });
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(3, done["variables"]!["n"]!.GetValue<int>());
        Assert.Equal(["start:Done", "loop:Body", "inc:Done", "loop:Body", "inc:Done", "loop:Body", "inc:Done", "loop:Done", "after:Done"],
            await TraceAsync(instance));
        Assert.False(done["outputs"]!["loop"]!["exhausted"]!.GetValue<bool>());
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP21_a_repeat_loop_around_a_task_stops_at_its_bound()
    {
        // repair, retest; repeat while the retest fails, at most three attempts
        var instance = await RunAsync(Flow(Id("repeat"),
            [
                A("start", "Start"),
                A("repair", "HumanTask", Todo("Repair", "Pass", "Fail")),
                A("again", "Loop", new() { ["while"] = Expr("true"), ["max"] = 2 }),
                A("scrap", "Log", new() { ["message"] = "three failed attempts" }),
                A("ship", "Log", new() { ["message"] = "ship" }),
            ],
            "start.Done→repair", "repair.Fail→again", "again.Body→repair", "again.Done→scrap",
            "repair.Pass→ship"));
        for (var attempt = 0; attempt < 3; attempt++)
            await CompleteAsync(instance, "repair", "Fail");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(3, (await TraceAsync(instance)).Count(t => t == "repair:Fail"));
        Assert.Contains("scrap:Done", await TraceAsync(instance));
        Assert.True(done["outputs"]!["again"]!["exhausted"]!.GetValue<bool>());
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP10_a_cycle_with_two_entries_and_two_exits()
    {
        // a counter-offer re-enters the quote; the quote can be entered from triage or from a repair check
        var instance = await RunAsync(Flow(Id("cycle"),
            [
                A("start", "Start"),
                A("route", "Decision", new() { ["condition"] = Expr("input.inspect") }),
                A("inspect", "HumanTask", Todo("Inspect", "Quote", "Close")),
                A("quote", "HumanTask", Todo("Quote", "Counter", "Accept", "Reject")),
                A("closed", "Log", new() { ["message"] = "closed" }),
                A("repair", "Log", new() { ["message"] = "repair" }),
            ],
            "start.Done→route", "route.True→inspect", "route.False→quote", "inspect.Quote→quote", "inspect.Close→closed",
            "quote.Counter→inspect", "quote.Accept→repair", "quote.Reject→closed"), new { inspect = false });
        await CompleteAsync(instance, "quote", "Counter");
        await CompleteAsync(instance, "inspect", "Quote");
        await CompleteAsync(instance, "quote", "Counter");
        await CompleteAsync(instance, "inspect", "Quote");
        await CompleteAsync(instance, "quote", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "route:False", "quote:Counter", "inspect:Quote", "quote:Counter", "inspect:Quote", "quote:Accept", "repair:Done"],
            await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP22_a_bundle_spawns_child_requests_of_the_same_flow()
    {
        var id = Id("recurse");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("bundle", "Decision", new() { ["condition"] = Expr("input.depth > 0") }),
                A("child", "SubWorkflow", new() { ["definitionId"] = id, ["input"] = Expr("{ depth: input.depth - 1 }") }),
                A("count", "SetVariable", new() { ["name"] = "levels", ["value"] = Expr("(outputs.child?.levels ?? 0) + 1") }),
            ],
            "start.Done→bundle", "bundle.True→child", "bundle.False→count", "child.Done→count"));
        var instance = await Api.StartAsync(id, new { depth = 3 });
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(4, done["variables"]!["levels"]!.GetValue<int>());
        await AssertNothingLeftAsync(instance);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LoopsOnSqlite(SqliteHost host) : LoopTests(host);

[Collection(PostgresCollection.Name)]
public sealed class LoopsOnPostgres(PostgresHost host) : LoopTests(host);
