using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>Boundary timers: the optional <c>timeout</c> of every blocking activity, and its race with the stimulus.</summary>
public abstract class TimeoutTests(HostFixture host) : PatternTest(host)
{
    private static JsonObject Quote(string id, JsonNode timeout) => Flow(id,
        [
            A("start", "Start"),
            A("approve", "HumanTask", new() { ["title"] = "Accept the quote?", ["outcomes"] = new JsonArray("Yes", "No"), ["timeout"] = timeout }),
            A("accepted", "Log", new() { ["message"] = "accepted" }),
            A("expired", "Log", new() { ["message"] = "expired" }),
        ],
        "start.Done→approve", "approve.Yes→accepted", "approve.No→accepted", "approve.TimedOut→expired");

    [Fact]
    public async Task A_task_that_times_out_takes_TimedOut_its_task_is_cancelled_and_completing_it_later_is_refused()
    {
        var instance = await RunAsync(Quote(Id("to-task"), "P7D"));
        var task = await TaskAsync(instance, "approve");

        await Api.AdvanceAsync(TimeSpan.FromDays(6));
        await SettleAsync();
        Assert.Equal("Suspended", await Api.StatusAsync(instance));

        Assert.Equal(1, await Api.AdvanceAsync(TimeSpan.FromDays(1)));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "approve:TimedOut", "expired:Done"], await TraceAsync(instance));
        Assert.Single(await TasksAsync(instance, "Cancelled"));
        var late = await Api.CompleteAsync(task, "Yes");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task The_stimulus_first_removes_the_timer_so_it_never_fires()
    {
        var id = Id("to-evt");
        var instance = await RunAsync(Flow(id,
            [
                A("start", "Start"),
                A("delivered", "WaitForEvent", new() { ["event"] = "carrier.delivered", ["correlationKey"] = Template("{{ input.rma }}"), ["timeout"] = "00:30:00" }),
                A("ok", "Log", new() { ["message"] = "delivered" }),
                A("chase", "Log", new() { ["message"] = "chase the carrier" }),
            ],
            "start.Done→delivered", "delivered.Done→ok", "delivered.TimedOut→chase"), new { rma = _carrierKey });
        await WaitingAtAsync(instance, "delivered");
        var bookmarks = (await Api.InstanceAsync(instance))["bookmarks"]!.AsArray();
        Assert.Contains(bookmarks, b => b!["name"]!.GetValue<string>() == "Timeout" && b["dueAt"] is not null);

        await WorkflowApi.Ensure(await Api.RaiseAsync("carrier.delivered", _carrierKey));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(0, await Api.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Equal(["start:Done", "delivered:Done", "ok:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    /// <summary>The timer driver: a pass that loses a deadlock to the concurrent bursts (PostgreSQL aborts one side)
    /// is simply run again, as the pump does on its next tick.</summary>
    private static async Task FireDueAsync(TimerPump pump)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await pump.FireDueAsync(CancellationToken.None);
                return;
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.InnerException is Npgsql.PostgresException { SqlState: "40P01" })
            {
            }
        }
    }

    private readonly string _carrierKey = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_subflow_that_times_out_cancels_its_child()
    {
        var child = Id("to-child");
        await Api.PublishAsync(Flow(child, [A("start", "Start"), A("repair", "HumanTask", Todo("Repair", "Done"))], "start.Done→repair"));
        var instance = await RunAsync(Flow(Id("to-sub"),
            [
                A("start", "Start"),
                A("sub", "SubWorkflow", new() { ["definitionId"] = child, ["timeout"] = Expr("input.hours * 3600") }),
                A("late", "Log", new() { ["message"] = "escalate" }),
            ],
            "start.Done→sub", "sub.TimedOut→late"), new { hours = 4 });
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count == 1, "no child");
        var childId = (await ChildrenAsync(instance))[0].Id;
        await Api.WaitForTaskAsync(childId, "repair");

        await Api.AdvanceAsync(TimeSpan.FromHours(4));
        await Api.WaitForAsync(instance, "Completed");
        await Api.WaitForAsync(childId, "Cancelled");
        Assert.Equal(["start:Done", "sub:TimedOut", "late:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance, childId);
    }

    [Fact]
    public async Task A_task_completed_and_its_timeout_firing_in_the_same_millisecond_take_exactly_one_outcome_100_times()
    {
        var id = Id("to-race");
        await Api.PublishAsync(Quote(id, "PT1H"));
        var instances = new List<Guid>();
        for (var i = 0; i < 100; i++)
            instances.Add(await Api.StartAsync(id));
        var tasks = new List<Guid>();
        foreach (var instance in instances)
            tasks.Add(await TaskAsync(instance, "approve"));

        // every timer is due at this very instant; the completions and the timer driver then race
        Host.Factory.Clock.Advance(TimeSpan.FromHours(1));
        var pump = Host.Factory.Services.GetRequiredService<TimerPump>();
        var completions = tasks.Chunk(10).Select(async chunk =>
        {
            using var client = Host.Factory.CreateClient();
            var codes = new List<HttpStatusCode>();
            foreach (var task in chunk)
                codes.Add((await client.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "Yes" })).StatusCode);
            return codes;
        }).ToList();
        var fired = FireDueAsync(pump);
        var codes = (await Task.WhenAll(completions)).SelectMany(c => c).ToList();
        await fired;

        var outcomes = new List<string>();
        for (var i = 0; i < instances.Count; i++)
        {
            await Api.WaitForAsync(instances[i], "Completed");
            var trace = await TraceAsync(instances[i]);
            var taken = trace.Where(t => t.StartsWith("approve:", StringComparison.Ordinal)).ToList();
            Assert.Single(taken);
            // the answer the completer got agrees with the path the flow took
            Assert.Equal(codes[i] == HttpStatusCode.Accepted ? "approve:Yes" : "approve:TimedOut", taken[0]);
            Assert.Equal(codes[i] == HttpStatusCode.Accepted ? ["accepted:Done"] : ["expired:Done"],
                trace.Where(t => t is "accepted:Done" or "expired:Done"));
            outcomes.Add(taken[0]);
        }
        Assert.All(codes, c => Assert.Contains(c, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        await AssertNothingLeftAsync([.. instances]);
        using var scope = Host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        Assert.Equal(0, await db.Set<DispatchRecord>().CountAsync(d => instances.Contains(d.InstanceId) && d.Status != DispatchStatus.Done));
        Assert.Equal(outcomes.Count(o => o == "approve:Yes"), await db.Set<HumanTaskRecord>().CountAsync(t => instances.Contains(t.InstanceId) && t.Status == HumanTaskStatus.Completed));
    }

    [Fact]
    public async Task An_event_and_its_timeout_in_the_same_millisecond_take_exactly_one_outcome_100_times()
    {
        var id = Id("to-erace");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("wait", "WaitForEvent", new() { ["event"] = "race.evt", ["correlationKey"] = Template("{{ input.key }}"), ["timeout"] = "PT1H" }),
                A("count", "SetVariable", new() { ["name"] = "n", ["value"] = Expr("(vars.n ?? 0) + 1") }),
            ],
            "start.Done→wait", "wait.Done→count", "wait.TimedOut→count"));
        var keys = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var instances = new List<Guid>();
        foreach (var key in keys)
            instances.Add(await Api.StartAsync(id, new { key }));
        foreach (var instance in instances)
            await WaitingAtAsync(instance, "wait");

        Host.Factory.Clock.Advance(TimeSpan.FromHours(1));
        var pump = Host.Factory.Services.GetRequiredService<TimerPump>();
        var raises = keys.Chunk(10).Select(async chunk =>
        {
            using var client = Host.Factory.CreateClient();
            foreach (var key in chunk)
                await WorkflowApi.Ensure(await client.PostAsJsonAsync("/api/events/race.evt", new { correlationKey = key }));
        }).ToList();
        var fired = FireDueAsync(pump);
        await Task.WhenAll(raises);
        await fired;

        foreach (var instance in instances)
        {
            var done = await Api.WaitForAsync(instance, "Completed");
            Assert.Equal(1, done["variables"]!["n"]!.GetValue<int>());
            Assert.Single(await TraceAsync(instance), t => t is "wait:Done" or "wait:TimedOut");
        }
        await AssertNothingLeftAsync([.. instances]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TimeoutsOnSqlite(SqliteHost host) : TimeoutTests(host);

[Collection(PostgresCollection.Name)]
public sealed class TimeoutsOnPostgres(PostgresHost host) : TimeoutTests(host);
