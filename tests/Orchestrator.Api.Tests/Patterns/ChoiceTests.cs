using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>WCP-16 deferred choice, WCP-23 transient and WCP-24 persistent triggers.</summary>
public abstract class ChoiceTests(HostFixture host) : PatternTest(host)
{
    /// <summary>The customer accepts, rejects, or seven days pass; meanwhile the desk may call them.</summary>
    private static JsonObject QuoteAnswer(string id) => Flow(id,
        [
            A("start", "Start"),
            A("choice", "DeferredChoice"),
            A("accept", "WaitForEvent", new() { ["event"] = "quote.accepted", ["correlationKey"] = Template("{{ input.quote }}") }),
            A("reject", "WaitForEvent", new() { ["event"] = "quote.rejected", ["correlationKey"] = Template("{{ input.quote }}") }),
            A("expire", "Delay", new() { ["duration"] = "P7D" }),
            A("call", "HumanTask", Todo("Call the customer", "Agreed")),
            A("repair", "Log", new() { ["message"] = "repair" }),
            A("close", "Log", new() { ["message"] = "close" }),
        ],
        "start.Done→choice", "choice.Branch→accept", "choice.Branch→reject", "choice.Branch→expire", "choice.Branch→call",
        "accept.Done→repair", "call.Agreed→repair", "reject.Done→close", "expire.Done→close");

    [Fact]
    public async Task WCP16_the_first_event_wins_and_the_other_branches_are_withdrawn_in_the_same_step()
    {
        var quote = Guid.NewGuid().ToString("N");
        var instance = await RunAsync(QuoteAnswer(Id("dc-evt")), new { quote });
        await WaitingAtAsync(instance, "accept", "reject", "expire", "call");

        await WorkflowApi.Ensure(await Api.RaiseAsync("quote.accepted", quote));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "choice:Branch", "accept:Done", "repair:Done"], await TraceAsync(instance));
        Assert.Equal(["call", "expire", "reject"], (await WithdrawnAsync(instance)).Order());
        Assert.Single(await TasksAsync(instance, "Cancelled"));
        await AssertNothingLeftAsync(instance);
        // a later answer resumes nothing: it is kept as undelivered
        var late = await WorkflowApi.Ensure(await Api.RaiseAsync("quote.rejected", quote));
        Assert.Empty(late["resumedInstances"]!.AsArray());
    }

    [Fact]
    public async Task WCP16_the_timer_wins_when_nobody_answers()
    {
        var instance = await RunAsync(QuoteAnswer(Id("dc-timer")), new { quote = Guid.NewGuid().ToString("N") });
        await WaitingAtAsync(instance, "accept", "reject", "expire", "call");
        await Api.AdvanceAsync(TimeSpan.FromDays(7));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "choice:Branch", "expire:Done", "close:Done"], await TraceAsync(instance));
        Assert.Equal(3, (await WithdrawnAsync(instance)).Count);
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP16_a_task_can_win_and_withdraws_the_events_and_the_timer()
    {
        var instance = await RunAsync(QuoteAnswer(Id("dc-task")), new { quote = Guid.NewGuid().ToString("N") });
        await WaitingAtAsync(instance, "accept", "reject", "expire", "call");
        Assert.Equal(HttpStatusCode.Accepted, (await CompleteAsync(instance, "call", "Agreed")).StatusCode);
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "choice:Branch", "call:Agreed", "repair:Done"], await TraceAsync(instance));
        Assert.Equal(["accept", "reject", "expire"], await WithdrawnAsync(instance));
        Assert.Equal(0, await Api.AdvanceAsync(TimeSpan.FromDays(8)));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP16_an_event_that_came_before_the_choice_wins_at_once()
    {
        var quote = Guid.NewGuid().ToString("N");
        await WorkflowApi.Ensure(await Api.RaiseAsync("quote.rejected", quote));
        var instance = await RunAsync(QuoteAnswer(Id("dc-early")), new { quote });
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "choice:Branch", "reject:Done", "close:Done"], await TraceAsync(instance));
        Assert.Empty(await TasksAsync(instance, "Open"));
        await AssertNothingLeftAsync(instance);
    }

    private static JsonObject Gated(string id, bool persistent) => Flow(id,
        [
            A("start", "Start"),
            A("gate", "HumanTask", Todo("Ready for the callback", "Go")),
            A("wait", "WaitForEvent", new() { ["event"] = "carrier.delivered", ["correlationKey"] = Template("{{ input.rma }}"), ["persistent"] = persistent }),
            A("after", "Log", new() { ["message"] = "delivered" }),
        ],
        "start.Done→gate", "gate.Go→wait", "wait.Done→after");

    [Fact]
    public async Task WCP24_a_persistent_trigger_keeps_an_event_until_the_flow_waits_for_it()
    {
        var rma = Guid.NewGuid().ToString("N");
        var instance = await RunAsync(Gated(Id("trig-p"), persistent: true), new { rma });
        await TaskAsync(instance, "gate");
        var kept = await WorkflowApi.Ensure(await Api.RaiseAsync("carrier.delivered", rma));
        Assert.Empty(kept["resumedInstances"]!.AsArray());
        await CompleteAsync(instance, "gate", "Go");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "gate:Go", "wait:Done", "after:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP23_a_transient_trigger_ignores_an_event_raised_before_it_waited()
    {
        var rma = Guid.NewGuid().ToString("N");
        var instance = await RunAsync(Gated(Id("trig-t"), persistent: false), new { rma });
        await TaskAsync(instance, "gate");
        await WorkflowApi.Ensure(await Api.RaiseAsync("carrier.delivered", rma));
        await CompleteAsync(instance, "gate", "Go");
        await WaitingAtAsync(instance, "wait");
        await SettleAsync();
        Assert.Equal("Suspended", await Api.StatusAsync(instance));
        Assert.DoesNotContain("wait:Done", await TraceAsync(instance));

        var resumed = await WorkflowApi.Ensure(await Api.RaiseAsync("carrier.delivered", rma));
        Assert.Equal(instance, resumed["resumedInstances"]![0]!.GetValue<Guid>());
        await Api.WaitForAsync(instance, "Completed");
        await AssertNothingLeftAsync(instance);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ChoicesOnSqlite(SqliteHost host) : ChoiceTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ChoicesOnPostgres(PostgresHost host) : ChoiceTests(host);
