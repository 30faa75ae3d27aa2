using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Engine;

public abstract class BuiltInActivityTests(HostFixture host)
{
    private WorkflowApi Api => host.Api;

    [Fact]
    public async Task A_sequence_runs_in_order_and_completes_with_its_variables()
    {
        var id = WorkflowApi.Unique("seq");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("set", "SetVariable", new() { ["name"] = "total", ["value"] = Expr("input.price * input.quantity") }),
                A("log", "Log", new() { ["message"] = Template("total is {{ vars.total }}") }),
                A("end", "End"),
            ],
            "start.Done→set", "set.Done→log", "log.Done→end"));

        var instance = await Api.StartAsync(id, new { price = 12.5, quantity = 4 });
        var done = await Api.WaitForAsync(instance, "Completed");

        Assert.Equal(50, done["variables"]!["total"]!.GetValue<double>());
        Assert.Equal(["start:Done", "set:Done", "log:Done", "end:Done"], await Api.TraceAsync(instance));
        var log = await Api.Http.GetFromJsonAsync<JsonArray>($"/api/instances/{instance}/log");
        Assert.Contains(log!, e => e!["event"]!.GetValue<string>() == "Info" && e["message"]!.GetValue<string>() == "total is 50");
    }

    [Theory]
    [InlineData(1500, "big")]
    [InlineData(200, "small")]
    public async Task A_decision_follows_its_condition(int amount, string expected)
    {
        var id = WorkflowApi.Unique("dec");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("check", "Decision", new() { ["condition"] = Expr("input.amount > 1000") }),
                A("big", "Log", new() { ["message"] = "big" }),
                A("small", "Log", new() { ["message"] = "small" }),
            ],
            "start.Done→check", "check.True→big", "check.False→small"));
        var instance = await Api.StartAsync(id, new { amount });
        await Api.WaitForAsync(instance, "Completed");
        var trace = await Api.TraceAsync(instance);
        Assert.Contains($"{expected}:Done", trace);
        Assert.DoesNotContain($"{(expected == "big" ? "small" : "big")}:Done", trace);
    }

    [Fact]
    public async Task A_switch_takes_the_first_true_case_or_default()
    {
        var id = WorkflowApi.Unique("sw");
        var cases = new JsonArray(
            new JsonObject { ["name"] = "Urgent", ["condition"] = "input.priority == 'urgent'" },
            new JsonObject { ["name"] = "High", ["condition"] = "input.priority == 'high' || input.priority == 'urgent'" });
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("route", "Switch", new() { ["cases"] = cases }),
                A("urgent", "Log", new() { ["message"] = "u" }),
                A("high", "Log", new() { ["message"] = "h" }),
                A("other", "Log", new() { ["message"] = "o" }),
            ],
            "start.Done→route", "route.Urgent→urgent", "route.High→high", "route.Default→other"));
        var urgent = await Api.StartAsync(id, new { priority = "urgent" });
        var high = await Api.StartAsync(id, new { priority = "high" });
        var low = await Api.StartAsync(id, new { priority = "low" });
        foreach (var i in new[] { urgent, high, low }) await Api.WaitForAsync(i, "Completed");
        Assert.Contains("route:Urgent", await Api.TraceAsync(urgent));
        Assert.DoesNotContain("high:Done", await Api.TraceAsync(urgent));
        Assert.Contains("route:High", await Api.TraceAsync(high));
        Assert.Contains("route:Default", await Api.TraceAsync(low));
    }

    [Fact]
    public async Task Fork_and_join_all_waits_for_every_branch()
    {
        var id = WorkflowApi.Unique("fork");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Done")), A("b", "HumanTask", Todo("B", "Done")),
                A("join", "Join", new() { ["mode"] = "WaitAll" }), A("after", "Log", new() { ["message"] = "joined" }),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "a.Done→join", "b.Done→join", "join.Done→after"));
        var instance = await Api.StartAsync(id);
        var a = await Api.WaitForTaskAsync(instance, "a");
        var b = await Api.WaitForTaskAsync(instance, "b");
        await WorkflowApi.Ensure(await Api.CompleteAsync(a["id"]!.GetValue<Guid>(), "Done"));
        await Task.Delay(300);
        Assert.Equal("Suspended", await Api.StatusAsync(instance));
        Assert.DoesNotContain("after:Done", await Api.TraceAsync(instance));
        await WorkflowApi.Ensure(await Api.CompleteAsync(b["id"]!.GetValue<Guid>(), "Done"));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(await Api.TraceAsync(instance), "after:Done");
    }

    [Fact]
    public async Task Join_any_continues_on_the_first_branch_once()
    {
        var id = WorkflowApi.Unique("any");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Done")), A("b", "HumanTask", Todo("B", "Done")),
                A("join", "Join", new() { ["mode"] = "WaitAny" }), A("after", "Log", new() { ["message"] = "first" }),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "a.Done→join", "b.Done→join", "join.Done→after"));
        var instance = await Api.StartAsync(id);
        var a = await Api.WaitForTaskAsync(instance, "a");
        var b = await Api.WaitForTaskAsync(instance, "b");
        await WorkflowApi.Ensure(await Api.CompleteAsync(b["id"]!.GetValue<Guid>(), "Done"));
        await Api.WaitForAsync(instance, "Suspended");
        await WaitUntil(async () => (await Api.TraceAsync(instance)).Contains("after:Done"));
        await WorkflowApi.Ensure(await Api.CompleteAsync(a["id"]!.GetValue<Guid>(), "Done"));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(await Api.TraceAsync(instance), "after:Done");
    }

    [Fact]
    public async Task A_human_task_carries_its_form_and_the_chosen_outcome_picks_the_path()
    {
        var id = WorkflowApi.Unique("task");
        var inputs = Todo("Approve refund for {{ input.customer }}", "Approve", "Reject");
        inputs["title"] = Template("Approve refund for {{ input.customer }}");
        inputs["team"] = "billing";
        inputs["dueIn"] = "PT30M";
        inputs["formFields"] = new JsonArray(new JsonObject { ["name"] = "amount", ["type"] = "number", ["required"] = true, ["min"] = 0 });
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("approve", "HumanTask", inputs), A("yes", "Log", new() { ["message"] = "y" }), A("no", "Log", new() { ["message"] = "n" })],
            "start.Done→approve", "approve.Approve→yes", "approve.Reject→no"));
        var instance = await Api.StartAsync(id, new { customer = "张伟" });
        var task = await Api.WaitForTaskAsync(instance);
        Assert.Equal("Approve refund for 张伟", task["title"]!.GetValue<string>());
        Assert.Equal("billing", task["team"]!.GetValue<string>());
        Assert.Equal(["Approve", "Reject"], task["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        var taskId = task["id"]!.GetValue<Guid>();

        var noOutcome = await Api.CompleteAsync(taskId, "Maybe", new { amount = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
        Assert.Contains("outcome", await noOutcome.Content.ReadAsStringAsync());
        var badField = await Api.CompleteAsync(taskId, "Approve", new { amount = "lots" });
        Assert.Equal(HttpStatusCode.BadRequest, badField.StatusCode);
        Assert.Contains("data.amount", await badField.Content.ReadAsStringAsync());

        await WorkflowApi.Ensure(await Api.CompleteAsync(taskId, "Approve", new { amount = 99.5 }));
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Contains("yes:Done", await Api.TraceAsync(instance));
        Assert.Equal(99.5, done["outputs"]!["approve"]!["amount"]!.GetValue<double>());
        Assert.Empty(await Api.TasksAsync(instance));
    }

    [Fact]
    public async Task WaitForEvent_resumes_on_its_event_and_keeps_one_that_came_early()
    {
        var id = WorkflowApi.Unique("evt");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("gate", "HumanTask", Todo("hold", "Go")),
                A("wait", "WaitForEvent", new() { ["event"] = "rma.received", ["correlationKey"] = Template("{{ input.rma }}") }),
                A("after", "SetVariable", new() { ["name"] = "scan", ["value"] = Expr("outputs.wait.dock") }),
            ],
            "start.Done→gate", "gate.Go→wait", "wait.Done→after"));

        var late = await Api.StartAsync(id, new { rma = "RMA-1" });
        var early = await Api.StartAsync(id, new { rma = "RMA-2" });
        // RMA-2's event arrives before its flow waits for it: kept, delivered when the bookmark appears
        var kept = await WorkflowApi.Ensure(await Api.RaiseAsync("rma.received", "RMA-2", new { dock = 7 }));
        Assert.Empty(kept["resumedInstances"]!.AsArray());
        Assert.NotNull(kept["pendingId"]);

        foreach (var i in new[] { late, early })
            await WorkflowApi.Ensure(await Api.CompleteAsync((await Api.WaitForTaskAsync(i))["id"]!.GetValue<Guid>(), "Go"));
        var earlyDone = await Api.WaitForAsync(early, "Completed");
        Assert.Equal(7, earlyDone["variables"]!["scan"]!.GetValue<int>());

        await Api.WaitForAsync(late, "Suspended");
        await WaitUntil(async () => (await Api.InstanceAsync(late))["bookmarks"]!.AsArray().Any(b => b!["name"]!.GetValue<string>() == "Event:rma.received"));
        var resumed = await WorkflowApi.Ensure(await Api.RaiseAsync("rma.received", "RMA-1", new { dock = 3 }));
        Assert.Equal(late, resumed["resumedInstances"]![0]!.GetValue<Guid>());
        var lateDone = await Api.WaitForAsync(late, "Completed");
        Assert.Equal(3, lateDone["variables"]!["scan"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_delay_waits_on_a_durable_timer_until_its_time()
    {
        var id = WorkflowApi.Unique("delay");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("wait", "Delay", new() { ["duration"] = "P3D" }), A("after", "Log", new() { ["message"] = "later" })],
            "start.Done→wait", "wait.Done→after"));
        var instance = await Api.StartAsync(id);
        var suspended = await Api.WaitForAsync(instance, "Suspended");
        var bookmark = suspended["bookmarks"]![0]!;
        Assert.Equal("Timer", bookmark["name"]!.GetValue<string>());

        await Api.AdvanceAsync(TimeSpan.FromDays(2));
        await Task.Delay(200);
        Assert.Equal("Suspended", await Api.StatusAsync(instance));

        Assert.True(await Api.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1)) >= 1);
        await Api.WaitForAsync(instance, "Completed");
        Assert.Contains("after:Done", await Api.TraceAsync(instance));
    }

    [Fact]
    public async Task A_subflow_runs_as_a_child_and_its_variables_come_back()
    {
        var child = WorkflowApi.Unique("child");
        await Api.PublishAsync(Flow(child,
            [A("start", "Start"), A("calc", "SetVariable", new() { ["name"] = "doubled", ["value"] = Expr("input.n * 2") })],
            "start.Done→calc"));
        var parent = WorkflowApi.Unique("parent");
        await Api.PublishAsync(Flow(parent,
            [
                A("start", "Start"),
                A("sub", "SubWorkflow", new() { ["definitionId"] = child, ["input"] = Expr("{ n: input.n }") }),
                A("use", "SetVariable", new() { ["name"] = "result", ["value"] = Expr("outputs.sub.doubled + 1") }),
            ],
            "start.Done→sub", "sub.Done→use"));
        var instance = await Api.StartAsync(parent, new { n = 20 });
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(41, done["variables"]!["result"]!.GetValue<int>());
        var children = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId={child}");
        Assert.Equal(instance, (await Api.InstanceAsync(children!["items"]![0]!["id"]!.GetValue<Guid>()))["parentInstanceId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Ending_withdraws_what_other_branches_still_wait_for()
    {
        var id = WorkflowApi.Unique("term");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"), A("fork", "Fork"),
                A("a", "HumanTask", Todo("A", "Done")), A("b", "HumanTask", Todo("B", "Done")),
                A("timer", "Delay", new() { ["duration"] = "P1D" }), A("end", "End"),
            ],
            "start.Done→fork", "fork.Branch→a", "fork.Branch→b", "fork.Branch→timer", "a.Done→end"));
        var instance = await Api.StartAsync(id);
        var a = await Api.WaitForTaskAsync(instance, "a");
        await Api.WaitForTaskAsync(instance, "b");
        await WorkflowApi.Ensure(await Api.CompleteAsync(a["id"]!.GetValue<Guid>(), "Done"));
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Empty(done["bookmarks"]!.AsArray());
        Assert.Empty(await Api.TasksAsync(instance));
        Assert.Single(await Api.TasksAsync(instance, "Cancelled"));
        Assert.Contains(("b", "Withdrawn"), await Api.EventsAsync(instance));
        Assert.Contains(("timer", "Withdrawn"), await Api.EventsAsync(instance));
    }

    [Fact]
    public async Task Cancelling_an_instance_cancels_its_tasks_timers_and_children()
    {
        var child = WorkflowApi.Unique("cchild");
        await Api.PublishAsync(Flow(child, [A("start", "Start"), A("t", "HumanTask", Todo("child task", "Done"))], "start.Done→t"));
        var id = WorkflowApi.Unique("cancel");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("fork", "Fork"), A("t", "HumanTask", Todo("T", "Done")), A("sub", "SubWorkflow", new() { ["definitionId"] = child })],
            "start.Done→fork", "fork.Branch→t", "fork.Branch→sub"));
        var instance = await Api.StartAsync(id);
        await Api.WaitForTaskAsync(instance);
        await WaitUntil(async () => (await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId={child}&status=Suspended"))!["total"]!.GetValue<int>() == 1);
        var childId = (await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId={child}"))!["items"]![0]!["id"]!.GetValue<Guid>();

        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/cancel", new { reason = "customer withdrew" }));
        await Api.WaitForAsync(instance, "Cancelled");
        await Api.WaitForAsync(childId, "Cancelled");
        Assert.Empty(await Api.TasksAsync(instance));
        Assert.Empty(await Api.TasksAsync(childId));
        var again = await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/cancel", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task An_incident_waits_for_retry_which_succeeds_once_the_fault_is_cleared()
    {
        var key = Guid.NewGuid().ToString();
        Flaky.Failing[key] = true;
        var id = WorkflowApi.Unique("flaky");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("call", "Test.Flaky", new() { ["switch"] = key }), A("after", "Log", new() { ["message"] = "ok" })],
            "start.Done→call", "call.Done→after"));
        var instance = await Api.StartAsync(id);
        await Api.WaitForAsync(instance, "Suspended");          // first attempt failed; a retry timer waits
        await Api.AdvanceAsync(TimeSpan.FromSeconds(2));         // the durable retry runs and fails again
        var faulted = await Api.WaitForAsync(instance, "Faulted");
        var incident = faulted["incidents"]![0]!;
        Assert.Equal(2, incident["attempts"]!.GetValue<int>());
        Assert.Contains(key, incident["message"]!.GetValue<string>());

        Flaky.Failing[key] = false;
        await WorkflowApi.Ensure(await Api.Http.PostAsync($"/api/instances/{instance}/incidents/{incident["id"]}/retry", null));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Contains("after:Done", await Api.TraceAsync(instance));
    }

    [Fact]
    public async Task Skipping_an_incident_follows_the_chosen_outcome()
    {
        var key = Guid.NewGuid().ToString();
        Flaky.Failing[key] = true;
        var id = WorkflowApi.Unique("skip");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("call", "Test.Flaky", new() { ["switch"] = key }), A("after", "Log", new() { ["message"] = "ok" })],
            "start.Done→call", "call.Done→after"));
        var instance = await Api.StartAsync(id);
        await Api.WaitForAsync(instance, "Suspended");
        await Api.AdvanceAsync(TimeSpan.FromSeconds(2));
        var faulted = await Api.WaitForAsync(instance, "Faulted");
        var incidentId = faulted["incidents"]![0]!["id"]!.GetValue<Guid>();
        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/incidents/{incidentId}/skip", new { outcome = "Done" }));
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Contains("call:Done", await Api.TraceAsync(instance));
        Assert.Contains("after:Done", await Api.TraceAsync(instance));
        Assert.NotNull(done["incidents"]![0]!["resolvedAt"]);
        Flaky.Failing.TryRemove(key, out _);
    }

    internal static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 20 s.");
            await Task.Delay(20);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BuiltInActivitiesOnSqlite(SqliteHost host) : BuiltInActivityTests(host);

[Collection(PostgresCollection.Name)]
public sealed class BuiltInActivitiesOnPostgres(PostgresHost host) : BuiltInActivityTests(host);
