using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>Multi-choice and synchronizing merge (WCP-6, 7, 37), discriminators and partial joins (WCP-9, 28–32),
/// generalised AND-join, thread split and merge (WCP-33, 41, 42).</summary>
public abstract class JoinTests(HostFixture host) : PatternTest(host)
{
    /// <summary>Depending on the fault: order parts, subcontract, reflash — any subset; then quote once all started ones are done.</summary>
    private static JsonObject Repairs(string id) => Flow(id,
        [
            A("start", "Start"),
            A("route", "Switch", new()
            {
                ["mode"] = "all",
                ["cases"] = new JsonArray(
                    new JsonObject { ["name"] = "Parts", ["condition"] = "input.parts" },
                    new JsonObject { ["name"] = "Subcontract", ["condition"] = "input.subcontract" },
                    new JsonObject { ["name"] = "Reflash", ["condition"] = "input.reflash" }),
            }),
            A("parts", "HumanTask", Todo("Order parts", "Done")),
            A("subcontract", "HumanTask", Todo("Subcontract", "Done")),
            A("reflash", "HumanTask", Todo("Reflash", "Done")),
            A("merge", "Join", new() { ["mode"] = "WaitActive" }),
            A("quote", "Log", new() { ["message"] = "quote" }),
        ],
        "start.Done→route", "route.Parts→parts", "route.Subcontract→subcontract", "route.Reflash→reflash",
        "parts.Done→merge", "subcontract.Done→merge", "reflash.Done→merge", "merge.Done→quote");

    [Fact]
    public async Task WCP6_WCP7_the_merge_waits_for_exactly_the_branches_the_multi_choice_started()
    {
        var id = Id("mc");
        await Api.PublishAsync(Repairs(id));
        var two = await Api.StartAsync(id, new { parts = true, subcontract = false, reflash = true });
        await WaitingAtAsync(two, "parts", "reflash");
        Assert.DoesNotContain("subcontract", (await Api.InstanceAsync(two))["bookmarks"]!.AsArray().Select(b => b!["activityId"]!.GetValue<string>()));

        await CompleteAsync(two, "reflash");
        await SettleAsync();
        Assert.DoesNotContain("quote:Done", await TraceAsync(two));
        await CompleteAsync(two, "parts");
        await Api.WaitForAsync(two, "Completed");
        Assert.Equal(["start:Done", "route:Parts,Reflash", "reflash:Done", "parts:Done", "merge:Done", "quote:Done"], await TraceAsync(two));
        await AssertNothingLeftAsync(two);

        var one = await Api.StartAsync(id, new { parts = false, subcontract = true, reflash = false });
        await CompleteAsync(one, "subcontract");
        await Api.WaitForAsync(one, "Completed");
        Assert.Single(await TraceAsync(one), "quote:Done");
    }

    [Fact]
    public async Task WCP37_the_merge_decides_locally_when_a_started_branch_turns_away_before_reaching_it()
    {
        var instance = await RunAsync(Flow(Id("osm"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("diagnose", "HumanTask", Todo("Diagnose", "Fixable", "Scrap")),
                A("loaner", "HumanTask", Todo("Book a loaner", "Done")),
                A("scrap", "Log", new() { ["message"] = "scrapped: this path ends here" }),
                A("merge", "Join", new() { ["mode"] = "WaitActive" }),
                A("notify", "Log", new() { ["message"] = "notify" }),
            ],
            "start.Done→fork", "fork.Branch→diagnose", "fork.Branch→loaner", "diagnose.Fixable→merge", "diagnose.Scrap→scrap",
            "loaner.Done→merge", "merge.Done→notify"));
        await CompleteAsync(instance, "loaner");
        await SettleAsync();
        Assert.DoesNotContain("merge:Done", await TraceAsync(instance)); // diagnose may still reach it
        await CompleteAsync(instance, "diagnose", "Scrap");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["loaner:Done", "diagnose:Scrap", "scrap:Done", "merge:Done", "notify:Done"], (await TraceAsync(instance)).Skip(2));
        await AssertNothingLeftAsync(instance);
    }

    private static JsonObject Offers(string id, JsonObject join, int centres = 3)
    {
        var activities = new JsonArray(A("start", "Start"), A("fork", "Fork"), A("join", "Join", join), A("assign", "Log", new() { ["message"] = "assigned" }));
        var connections = new List<string> { "start.Done→fork", "join.Done→assign" };
        for (var i = 1; i <= centres; i++)
        {
            activities.Add(A($"c{i}", "HumanTask", Todo($"Centre {i}: accept the job?", "Accept")));
            connections.Add($"fork.Branch→c{i}");
            connections.Add($"c{i}.Accept→join");
        }
        return Flow(id, activities, [.. connections]);
    }

    [Fact]
    public async Task WCP9_WCP28_a_discriminator_continues_on_the_first_branch_and_blocks_the_rest_until_all_arrived()
    {
        var instance = await RunAsync(Offers(Id("disc"), new() { ["mode"] = "WaitAny" }));
        await WaitingAtAsync(instance, "c1", "c2", "c3");
        await CompleteAsync(instance, "c2", "Accept");
        await UntilAsync(async () => (await TraceAsync(instance)).Contains("assign:Done"), "the first did not pass");
        await CompleteAsync(instance, "c1", "Accept");
        await CompleteAsync(instance, "c3", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(await TraceAsync(instance), "assign:Done");
        Assert.Equal("join:Done", (await TraceAsync(instance)).SkipWhile(t => t != "c2:Accept").Skip(1).First());
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP28_a_blocking_discriminator_in_a_loop_fires_once_per_round()
    {
        // each round offers the job to two centres; the discriminator passes the first answer; the next round
        // starts only when both have answered (reset) — a second answer of round one never passes it again
        var instance = await RunAsync(Flow(Id("bdisc"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Accept")), A("b", "HumanTask", Todo("B", "Accept")),
                A("join", "Join", new() { ["mode"] = "WaitAny" }),
                A("count", "SetVariable", new() { ["name"] = "passed", ["value"] = Expr("(vars.passed ?? 0) + 1") }),
                A("again", "HumanTask", Todo("Another round?", "Yes", "No")),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "a.Accept→join", "b.Accept→join", "join.Done→count",
            "count.Done→again", "again.Yes→fork"));
        await CompleteAsync(instance, "a", "Accept");
        await CompleteAsync(instance, "again", "Yes");      // round two starts while b of round one is still open
        await UntilAsync(async () => (await TasksAsync(instance, "Open")).Count == 3, "round two did not start");
        var open = await TasksAsync(instance, "Open");
        var bTasks = open.Where(t => t!["activityId"]!.GetValue<string>() == "b").Select(t => t!["id"]!.GetValue<Guid>()).ToList();
        Assert.Equal(2, bTasks.Count);
        await Api.CompleteAsync(bTasks[0], "Accept");      // round one completes: blocked, no second pass
        await SettleAsync();
        Assert.Equal(1, (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>());
        await Api.CompleteAsync(bTasks[1], "Accept");      // round two's first arrival passes
        await UntilAsync(async () => (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>() == 2, "round two did not pass");
        await CompleteAsync(instance, "again", "No");
        await CompleteAsync(instance, "a", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>());
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP29_a_cancelling_discriminator_withdraws_the_other_offers_when_the_first_centre_accepts()
    {
        var instance = await RunAsync(Offers(Id("cdisc"), new() { ["mode"] = "WaitAny", ["cancelRemaining"] = true }));
        await WaitingAtAsync(instance, "c1", "c2", "c3");
        await CompleteAsync(instance, "c3", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["c3:Accept", "join:Done", "assign:Done"], (await TraceAsync(instance)).Skip(2));
        Assert.Equal(["c1", "c2"], (await WithdrawnAsync(instance)).Order());
        Assert.Equal(2, (await TasksAsync(instance, "Cancelled")).Count);
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP30_WCP31_a_partial_join_continues_after_two_of_three_and_absorbs_the_third()
    {
        var instance = await RunAsync(Offers(Id("pj"), new() { ["mode"] = "WaitN", ["count"] = 2 }));
        await WaitingAtAsync(instance, "c1", "c2", "c3");
        await CompleteAsync(instance, "c1", "Accept");
        await SettleAsync();
        Assert.DoesNotContain("assign:Done", await TraceAsync(instance));
        await CompleteAsync(instance, "c3", "Accept");
        await UntilAsync(async () => (await TraceAsync(instance)).Contains("assign:Done"), "two did not pass");
        await CompleteAsync(instance, "c2", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(await TraceAsync(instance), "assign:Done");
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP31_a_blocking_partial_join_in_a_loop_holds_an_early_arrival_of_the_next_round()
    {
        // three centres per round, two answers suffice; a round-two answer that comes before round one's third
        // answer waits for the reset instead of counting twice
        var instance = await RunAsync(Flow(Id("bpj"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Accept")), A("b", "HumanTask", Todo("B", "Accept")), A("c", "HumanTask", Todo("C", "Accept")),
                A("join", "Join", new() { ["mode"] = "WaitN", ["count"] = 2 }),
                A("count", "SetVariable", new() { ["name"] = "passed", ["value"] = Expr("(vars.passed ?? 0) + 1") }),
                A("again", "HumanTask", Todo("Another round?", "Yes", "No")),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "fork.Branch→c", "a.Accept→join", "b.Accept→join", "c.Accept→join",
            "join.Done→count", "count.Done→again", "again.Yes→fork"));
        await CompleteAsync(instance, "a", "Accept");
        await CompleteAsync(instance, "b", "Accept");
        await CompleteAsync(instance, "again", "Yes");           // round two: a, b, c open again; round one's c still open
        await UntilAsync(async () => (await TasksAsync(instance, "Open")).Count == 4, "round two did not start");
        var round2a = (await TasksAsync(instance, "Open")).Single(t => t!["activityId"]!.GetValue<string>() == "a")!["id"]!.GetValue<Guid>();
        await Api.CompleteAsync(round2a, "Accept");              // held: round one has not reset yet
        await SettleAsync();
        Assert.Equal(1, (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>());
        var cs = (await TasksAsync(instance, "Open")).Where(t => t!["activityId"]!.GetValue<string>() == "c").Select(t => t!["id"]!.GetValue<Guid>()).ToList();
        await Api.CompleteAsync(cs[0], "Accept");                // round one resets; round two has a
        await SettleAsync();
        Assert.Equal(1, (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>());
        await Api.CompleteAsync(cs[1], "Accept");                // round two's second answer: it passes
        await UntilAsync(async () => (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>() == 2, "round two did not pass");
        await CompleteAsync(instance, "again", "No");
        await CompleteAsync(instance, "b", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, (await Api.InstanceAsync(instance))["variables"]!["passed"]!.GetValue<int>());
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP38_a_synchronizing_merge_waits_while_a_started_branch_loops()
    {
        var instance = await RunAsync(Flow(Id("gsm"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Done")),
                A("test", "HumanTask", Todo("Test", "Again", "Pass")),
                A("merge", "Join", new() { ["mode"] = "WaitActive" }),
                A("after", "Log", new() { ["message"] = "merged" }),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→test", "a.Done→merge", "test.Again→test", "test.Pass→merge", "merge.Done→after"));
        await CompleteAsync(instance, "a");
        await CompleteAsync(instance, "test", "Again");
        await WaitingAtAsync(instance, "test");
        await SettleAsync();
        Assert.DoesNotContain("merge:Done", await TraceAsync(instance));
        await CompleteAsync(instance, "test", "Pass");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(await TraceAsync(instance), "merge:Done");
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP32_a_cancelling_partial_join_withdraws_the_third_branch()
    {
        var instance = await RunAsync(Offers(Id("cpj"), new() { ["mode"] = "WaitN", ["count"] = 2, ["cancelRemaining"] = true }));
        await WaitingAtAsync(instance, "c1", "c2", "c3");
        await CompleteAsync(instance, "c2", "Accept");
        await CompleteAsync(instance, "c1", "Accept");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["c3"], await WithdrawnAsync(instance));
        Assert.Single(await TraceAsync(instance), "assign:Done");
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP42_WCP41_a_thread_split_runs_one_path_three_times_and_a_thread_merge_makes_them_one()
    {
        var instance = await RunAsync(Flow(Id("threads"),
            [
                A("start", "Start"), A("split", "Fork", new() { ["threads"] = 3 }),
                A("label", "HumanTask", Todo("Print a shipping label", "Done")),
                A("merge", "Join", new() { ["mode"] = "WaitN", ["count"] = 3 }),
                A("ship", "Log", new() { ["message"] = "ship" }),
            ],
            "start.Done→split", "split.Branch→label", "label.Done→merge", "merge.Done→ship"));
        await UntilAsync(async () => (await TasksAsync(instance, "Open")).Count == 3, "three threads did not start");
        foreach (var task in await TasksAsync(instance, "Open"))
        {
            Assert.DoesNotContain("ship:Done", await TraceAsync(instance));
            await Api.CompleteAsync(task!["id"]!.GetValue<Guid>(), "Done");
        }
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(await TraceAsync(instance), "ship:Done");
        Assert.Single(await TraceAsync(instance), "merge:Done");
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP33_a_generalised_and_join_keeps_extra_threads_on_a_branch_for_its_next_firing()
    {
        var instance = await RunAsync(Flow(Id("gand"),
            [
                A("start", "Start"), A("split", "Fork", new() { ["threads"] = 2 }),
                A("note", "Log", new() { ["message"] = "fast branch" }),
                A("check", "HumanTask", Todo("Check", "Done")),
                A("join", "Join"),
                A("count", "SetVariable", new() { ["name"] = "fired", ["value"] = Expr("(vars.fired ?? 0) + 1") }),
            ],
            "start.Done→split", "split.Branch→note", "split.Branch→check", "note.Done→join", "check.Done→join", "join.Done→count"));
        await UntilAsync(async () => (await TasksAsync(instance, "Open")).Count == 2, "two threads did not start");
        var tasks = await TasksAsync(instance, "Open");
        await Api.CompleteAsync(tasks[0]!["id"]!.GetValue<Guid>(), "Done");
        await UntilAsync(async () => (await Api.InstanceAsync(instance))["variables"]!["fired"] is not null, "did not fire");
        Assert.Equal(1, (await Api.InstanceAsync(instance))["variables"]!["fired"]!.GetValue<int>());
        await Api.CompleteAsync(tasks[1]!["id"]!.GetValue<Guid>(), "Done");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, done["variables"]!["fired"]!.GetValue<int>());
        await AssertNothingLeftAsync(instance);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class JoinsOnSqlite(SqliteHost host) : JoinTests(host);

[Collection(PostgresCollection.Name)]
public sealed class JoinsOnPostgres(PostgresHost host) : JoinTests(host);
