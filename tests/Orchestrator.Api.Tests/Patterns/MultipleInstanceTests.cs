using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>Multiple instances with ForEach: WCP-12–15, 26, 27, 34–36.</summary>
public abstract class MultipleInstanceTests(HostFixture host) : PatternTest(host)
{
    /// <summary>A part line's flow: a person reserves it; its variables carry the line back.</summary>
    private async Task<string> LineFlowAsync()
    {
        var id = Id("line");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("reserve", "HumanTask", new() { ["title"] = Template("Reserve {{ input.item.sku }}"), ["outcomes"] = new JsonArray("Done") }),
                A("keep", "SetVariable", new() { ["name"] = "sku", ["value"] = Expr("input.item.sku") }),
            ],
            "start.Done→reserve", "reserve.Done→keep"));
        return id;
    }

    private static JsonObject Parts(string id, JsonObject forEach) => Flow(id,
        [
            A("start", "Start"),
            A("each", "ForEach", forEach),
            A("total", "SetVariable", new() { ["name"] = "reserved", ["value"] = Expr("outputs.each.completed") }),
        ],
        "start.Done→each", "each.Done→total");

    private static JsonObject Each(string line, params (string Name, JsonNode? Value)[] settings)
    {
        var inputs = new JsonObject { ["items"] = Expr("input.lines"), ["definitionId"] = line };
        foreach (var (name, value) in settings)
            inputs[name] = value;
        return inputs;
    }

    private static object Lines(params string[] skus) => LinesFor(Guid.NewGuid().ToString("N"), skus);

    private static object LinesFor(string rma, params string[] skus) => new { lines = skus.Select(s => new { sku = s }).ToArray(), rma };

    private async Task<List<Guid>> ChildTasksAsync(Guid parent, int count)
    {
        await UntilAsync(async () => (await ChildrenAsync(parent)).Count == count,
            async () => $"{count} children did not start: {(await Api.InstanceAsync(parent)).ToJsonString()}");
        var tasks = new List<Guid>();
        foreach (var (child, _) in await ChildrenAsync(parent))
            tasks.Add(await TaskAsync(child, "reserve"));
        return tasks;
    }

    /// <summary>The child whose open task reserves <paramref name="sku"/> (waits for it to start).</summary>
    private async Task<Guid> ChildWithTaskAsync(Guid parent, string sku)
    {
        Guid? found = null;
        await UntilAsync(async () =>
        {
            foreach (var (child, _) in await ChildrenAsync(parent))
            {
                if ((await TasksAsync(child, "Open")).Any(t => t!["title"]!.GetValue<string>() == $"Reserve {sku}"))
                    found = child;
            }
            return found is not null;
        }, $"no child reserves {sku}");
        return found!.Value;
    }

    [Fact]
    public async Task WCP14_one_child_per_line_known_at_run_time_joined_when_all_are_done()
    {
        var line = await LineFlowAsync();
        var instance = await RunAsync(Parts(Id("mi-all"), Each(line)), Lines("pump", "seal", "valve"));
        var tasks = await ChildTasksAsync(instance, 3);
        foreach (var task in tasks)
        {
            Assert.Equal("Suspended", await Api.StatusAsync(instance));
            await Api.CompleteAsync(task, "Done");
        }
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(3, done["variables"]!["reserved"]!.GetValue<int>());
        Assert.Equal(["pump", "seal", "valve"], done["outputs"]!["each"]!["results"]!.AsArray().Select(r => r!["sku"]!.GetValue<string>()));
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP13_a_design_time_list_runs_in_sequence_one_child_at_a_time()
    {
        var line = await LineFlowAsync();
        var items = new JsonArray(new JsonObject { ["sku"] = "a" }, new JsonObject { ["sku"] = "b" });
        var instance = await RunAsync(Parts(Id("mi-seq"), new() { ["items"] = items, ["definitionId"] = line, ["mode"] = "sequential" }));
        var first = await ChildTasksAsync(instance, 1);
        await SettleAsync();
        Assert.Single(await ChildrenAsync(instance));
        await Api.CompleteAsync(first[0], "Done");
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count == 2, "the second did not start");
        await CompleteAsync(await ChildWithTaskAsync(instance, "b"), "reserve");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, done["variables"]!["reserved"]!.GetValue<int>());
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP12_without_synchronization_the_flow_goes_on_while_the_children_run()
    {
        var line = await LineFlowAsync();
        var instance = await RunAsync(Parts(Id("mi-none"), Each(line, ("waitFor", "none"))), Lines("x", "y"));
        await Api.WaitForAsync(instance, "Completed");
        var children = await ChildrenAsync(instance);
        Assert.Equal(2, children.Count);
        foreach (var (child, _) in children)
        {
            await CompleteAsync(child, "reserve");
            await Api.WaitForAsync(child, "Completed");
        }
        await AssertNothingLeftAsync([instance, .. children.Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP15_a_line_added_while_the_others_run_is_waited_for_too()
    {
        var line = await LineFlowAsync();
        var rma = Guid.NewGuid().ToString("N");
        var input = LinesFor(rma, "pump");
        var instance = await RunAsync(Parts(Id("mi-add"),
            Each(line, ("addEvent", "part.added"), ("correlationKey", Template("{{ input.rma }}")))), input);
        var first = await ChildTasksAsync(instance, 1);
        await WorkflowApi.Ensure(await Api.RaiseAsync("part.added", rma, new { items = new[] { new { sku = "fan" } } }));
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count == 2, "the added line did not start");
        await Api.CompleteAsync(first[0], "Done");
        await SettleAsync();
        Assert.Equal("Suspended", await Api.StatusAsync(instance));
        await CompleteAsync(await ChildWithTaskAsync(instance, "fan"), "reserve");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, done["outputs"]!["each"]!["total"]!.GetValue<int>());
        Assert.Equal(2, done["variables"]!["reserved"]!.GetValue<int>());
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP34_WCP35_two_of_three_supplier_quotes_suffice_and_the_third_request_is_cancelled()
    {
        var line = await LineFlowAsync();
        var instance = await RunAsync(Parts(Id("mi-2of3"), Each(line, ("waitFor", "count"), ("count", 2))), Lines("s1", "s2", "s3"));
        await ChildTasksAsync(instance, 3);
        await CompleteAsync(await ChildWithTaskAsync(instance, "s3"), "reserve");
        await CompleteAsync(await ChildWithTaskAsync(instance, "s1"), "reserve");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, done["variables"]!["reserved"]!.GetValue<int>());
        Assert.Equal(1, done["outputs"]!["each"]!["cancelled"]!.GetValue<int>());
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count(c => c.Status == "Cancelled") == 1, "the third was not cancelled");
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP34_a_static_partial_join_can_let_the_remaining_children_finish_unobserved()
    {
        var line = await LineFlowAsync();
        var instance = await RunAsync(Parts(Id("mi-keep"), Each(line, ("waitFor", "count"), ("count", 1), ("cancelRemaining", false))), Lines("p", "q"));
        await ChildTasksAsync(instance, 2);
        await CompleteAsync(await ChildWithTaskAsync(instance, "q"), "reserve");
        await Api.WaitForAsync(instance, "Completed");
        var rest = await ChildWithTaskAsync(instance, "p");
        Assert.Equal("Suspended", await Api.StatusAsync(rest));
        await CompleteAsync(rest, "reserve");
        await Api.WaitForAsync(rest, "Completed");
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP36_a_completion_condition_decided_at_run_time_with_lines_added_meanwhile()
    {
        var line = await LineFlowAsync();
        var rma = Guid.NewGuid().ToString("N");
        var instance = await RunAsync(Parts(Id("mi-cond"), Each(line, ("waitFor", "condition"),
            ("completionCondition", Expr("outputs.each.completed >= input.enough")),
            ("addEvent", "part.added"), ("correlationKey", Template("{{ input.rma }}")))),
            new { lines = new[] { new { sku = "a" }, new { sku = "b" } }, rma, enough = 2 });
        await ChildTasksAsync(instance, 2);
        await WorkflowApi.Ensure(await Api.RaiseAsync("part.added", rma, new { items = new[] { new { sku = "c" } } }));
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count == 3, "the added line did not start");
        await CompleteAsync(await ChildWithTaskAsync(instance, "c"), "reserve");
        await SettleAsync();
        Assert.Equal("Suspended", await Api.StatusAsync(instance));
        await CompleteAsync(await ChildWithTaskAsync(instance, "a"), "reserve");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(3, done["outputs"]!["each"]!["total"]!.GetValue<int>());
        Assert.Equal(1, done["outputs"]!["each"]!["cancelled"]!.GetValue<int>());
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count(c => c.Status == "Cancelled") == 1, "b was not cancelled");
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP26_cancelling_the_for_each_cancels_every_child()
    {
        var line = await LineFlowAsync();
        var instance = await RunAsync(Flow(Id("mi-cancel"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("each", "ForEach", Each(line)),
                A("withdraw", "HumanTask", Todo("Customer withdrew the order?", "Yes")),
                A("stop", "Cancel", new() { ["activities"] = new JsonArray("each") }),
            ],
            "start.Done→fork", "fork.Branch→each", "fork.Branch→withdraw", "withdraw.Yes→stop"), Lines("a", "b", "c"));
        await ChildTasksAsync(instance, 3);
        await CompleteAsync(instance, "withdraw", "Yes");
        await Api.WaitForAsync(instance, "Completed");
        await UntilAsync(async () => (await ChildrenAsync(instance)).All(c => c.Status == "Cancelled"), "children not cancelled");
        Assert.Equal(["each"], await WithdrawnAsync(instance));
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }

    [Fact]
    public async Task WCP27_ship_with_the_parts_received_so_far_force_completes_the_set()
    {
        var line = await LineFlowAsync();
        var rma = Guid.NewGuid().ToString("N");
        var input = LinesFor(rma, "a", "b", "c");
        var instance = await RunAsync(Parts(Id("mi-force"),
            Each(line, ("completeEvent", "ship.now"), ("correlationKey", Template("{{ input.rma }}")))), input);
        await ChildTasksAsync(instance, 3);
        await CompleteAsync(await ChildWithTaskAsync(instance, "b"), "reserve");
        await UntilAsync(async () => (await ChildrenAsync(instance)).Any(c => c.Status == "Completed"), "b did not finish");
        await WorkflowApi.Ensure(await Api.RaiseAsync("ship.now", rma));
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(1, done["variables"]!["reserved"]!.GetValue<int>());
        Assert.Equal(2, done["outputs"]!["each"]!["cancelled"]!.GetValue<int>());
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count(c => c.Status == "Cancelled") == 2, "the rest were not cancelled");
        await AssertNothingLeftAsync([instance, .. (await ChildrenAsync(instance)).Select(c => c.Id)]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MultipleInstancesOnSqlite(SqliteHost host) : MultipleInstanceTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MultipleInstancesOnPostgres(PostgresHost host) : MultipleInstanceTests(host);
