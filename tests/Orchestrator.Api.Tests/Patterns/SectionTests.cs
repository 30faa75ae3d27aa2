using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>Critical section (WCP-39), interleaved routing (WCP-40), interleaved parallel routing (WCP-17), milestone (WCP-18).</summary>
public abstract class SectionTests(HostFixture host) : PatternTest(host)
{
    private static IEnumerable<JsonObject> Guarded(string id, string section) =>
    [
        A($"enter{id}", "EnterSection", new() { ["section"] = section }),
        A(id, "HumanTask", Todo(id, "Done")),
        A($"leave{id}", "LeaveSection", new() { ["section"] = section }),
    ];

    private static string[] GuardedPath(string from, string outcome, string id, string to) =>
        [$"{from}.{outcome}→enter{id}", $"enter{id}.Done→{id}", $"{id}.Done→leave{id}", $"leave{id}.Done→{to}"];

    private async Task<List<string>> OpenAsync(Guid instance) =>
        (await TasksAsync(instance, "Open")).Select(t => t!["activityId"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task WCP39_refund_and_restock_never_update_the_order_at_the_same_time()
    {
        var instance = await RunAsync(Flow(Id("crit"),
            [
                A("start", "Start"), A("fork", "Fork"), .. Guarded("refund", "erp-order"), .. Guarded("restock", "erp-order"),
                A("join", "Join"), A("close", "Log", new() { ["message"] = "closed" }),
            ],
            ["start.Done→fork", .. GuardedPath("fork", "Branch", "refund", "join"), .. GuardedPath("fork", "Branch", "restock", "join"), "join.Done→close"]));
        await TaskAsync(instance, "refund");
        await SettleAsync();
        Assert.Equal(["refund"], await OpenAsync(instance));
        await CompleteAsync(instance, "refund");
        await TaskAsync(instance, "restock");
        Assert.Equal(["restock"], await OpenAsync(instance));
        await CompleteAsync(instance, "restock");
        await Api.WaitForAsync(instance, "Completed");
        var trace = await TraceAsync(instance);
        Assert.True(trace.IndexOf("leaverefund:Done") < trace.IndexOf("enterrestock:Done"), string.Join(" ", trace));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP40_WCP17_three_checks_in_any_order_one_at_a_time_with_a_fixed_order_inside_one_branch()
    {
        // branch 1: a then b (partial order); branch 2: c; one at a time, whichever order the people pick
        var instance = await RunAsync(Flow(Id("interleave"),
            [
                A("start", "Start"), A("fork", "Fork"), .. Guarded("a", "bench"), .. Guarded("b", "bench"), .. Guarded("c", "bench"),
                A("join", "Join"), A("done", "Log", new() { ["message"] = "all checked" }),
            ],
            "start.Done→fork", "fork.Branch→entera", "entera.Done→a", "a.Done→leavea", "leavea.Done→enterb", "enterb.Done→b", "b.Done→leaveb",
            "leaveb.Done→join", "fork.Branch→enterc", "enterc.Done→c", "c.Done→leavec", "leavec.Done→join", "join.Done→done"));
        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await UntilAsync(async () => (await OpenAsync(instance)).Count == 1, "not exactly one task open");
            var open = (await OpenAsync(instance)).Single();
            order.Add(open);
            await CompleteAsync(instance, open);
        }
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["a", "b", "c"], order.Order());
        Assert.True(order.IndexOf("a") < order.IndexOf("b"));
        await AssertNothingLeftAsync(instance);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SectionsOnSqlite(SqliteHost host) : SectionTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SectionsOnPostgres(PostgresHost host) : SectionTests(host);
