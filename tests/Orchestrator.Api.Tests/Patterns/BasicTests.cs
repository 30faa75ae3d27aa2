using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>The basic patterns (WCP-1–5), multi-merge (WCP-8) and implicit termination (WCP-11).</summary>
public abstract class BasicTests(HostFixture host) : PatternTest(host)
{
    [Fact]
    public async Task WCP1_to_WCP5_sequence_split_join_choice_and_simple_merge()
    {
        var id = Id("basic");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("triage", "HumanTask", Todo("Triage", "Done")),                          // 1: sequence
                A("fork", "Fork"),                                                        // 2: parallel split
                A("diagnose", "HumanTask", Todo("Diagnose", "Done")),
                A("loaner", "HumanTask", Todo("Loaner", "Done")),
                A("join", "Join"),                                                        // 3: synchronization
                A("covered", "Decision", new() { ["condition"] = Expr("input.warranty") }), // 4: exclusive choice
                A("free", "Log", new() { ["message"] = "free repair" }),
                A("paid", "Log", new() { ["message"] = "paid quote" }),
                A("schedule", "Log", new() { ["message"] = "schedule" }),                 // 5: simple merge
            ],
            "start.Done→triage", "triage.Done→fork", "fork.Branch→diagnose", "fork.Branch→loaner", "diagnose.Done→join",
            "loaner.Done→join", "join.Done→covered", "covered.True→free", "covered.False→paid", "free.Done→schedule", "paid.Done→schedule"));
        var instance = await Api.StartAsync(id, new { warranty = true });
        await CompleteAsync(instance, "triage");
        await WaitingAtAsync(instance, "diagnose", "loaner");
        await CompleteAsync(instance, "loaner");
        await SettleAsync();
        Assert.DoesNotContain("join:Done", await TraceAsync(instance));
        await CompleteAsync(instance, "diagnose");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "triage:Done", "fork:Branch", "loaner:Done", "diagnose:Done", "join:Done", "covered:True", "free:Done", "schedule:Done"],
            await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP8_a_multi_merge_lets_each_arriving_thread_through()
    {
        var instance = await RunAsync(Flow(Id("mmerge"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Done")), A("b", "HumanTask", Todo("B", "Done")),
                A("notify", "SetVariable", new() { ["name"] = "sent", ["value"] = Expr("(vars.sent ?? 0) + 1") }),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "a.Done→notify", "b.Done→notify"));
        await CompleteAsync(instance, "a");
        await UntilAsync(async () => (await TraceAsync(instance)).Contains("notify:Done"), "a did not pass");
        await CompleteAsync(instance, "b");
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(2, done["variables"]!["sent"]!.GetValue<int>());
        Assert.Equal(2, (await TraceAsync(instance)).Count(t => t == "notify:Done"));
    }

    [Fact]
    public async Task WCP11_the_instance_completes_when_no_path_has_work_left_without_an_end()
    {
        var instance = await RunAsync(Flow(Id("implicit"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Done")), A("note", "Log", new() { ["message"] = "b ends here" }),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→note"));
        await WaitingAtAsync(instance, "a");
        Assert.Equal("Suspended", await Api.StatusAsync(instance));
        await CompleteAsync(instance, "a");
        await Api.WaitForAsync(instance, "Completed");
        await AssertNothingLeftAsync(instance);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BasicsOnSqlite(SqliteHost host) : BasicTests(host);

[Collection(PostgresCollection.Name)]
public sealed class BasicsOnPostgres(PostgresHost host) : BasicTests(host);
