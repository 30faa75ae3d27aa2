using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>WCP-19 cancel task, WCP-25 cancel region, WCP-20 cancel case, WCP-43 explicit termination.</summary>
public abstract class CancellationTests(HostFixture host) : PatternTest(host)
{
    [Fact]
    public async Task WCP19_the_courier_pickup_task_is_withdrawn_when_the_customer_drops_the_device_off()
    {
        var rma = Guid.NewGuid().ToString("N");
        var instance = await RunAsync(Flow(Id("cx-task"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("pickup", "HumanTask", Todo("Book the courier pickup", "Done")),
                A("dropOff", "WaitForEvent", new() { ["event"] = "device.dropped-off", ["correlationKey"] = Template("{{ input.rma }}") }),
                A("cancelPickup", "Cancel", new() { ["activities"] = new JsonArray("pickup") }),
                A("inspect", "HumanTask", Todo("Inspect the device", "Done")),
            ],
            "start.Done→fork", "fork.Branch→pickup", "fork.Branch→dropOff", "dropOff.Done→cancelPickup", "cancelPickup.Done→inspect",
            "pickup.Done→inspect"), new { rma });
        var pickup = await TaskAsync(instance, "pickup");
        await WaitingAtAsync(instance, "dropOff");

        await WorkflowApi.Ensure(await Api.RaiseAsync("device.dropped-off", rma));
        await TaskAsync(instance, "inspect");
        Assert.Equal(["pickup"], await WithdrawnAsync(instance));
        Assert.Equal(HttpStatusCode.Conflict, (await Api.CompleteAsync(pickup, "Done")).StatusCode);
        await CompleteAsync(instance, "inspect");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["start:Done", "fork:Branch", "dropOff:Done", "cancelPickup:Done", "inspect:Done"], await TraceAsync(instance));
        await AssertNothingLeftAsync(instance);
    }

    [Fact]
    public async Task WCP25_a_rejected_quote_cancels_parts_and_scheduling_but_the_return_path_goes_on()
    {
        var child = Id("cx-order");
        await Api.PublishAsync(Flow(child, [A("start", "Start"), A("wait", "HumanTask", Todo("Supplier confirms", "Done"))], "start.Done→wait"));
        var instance = await RunAsync(Flow(Id("cx-region"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("orderParts", "SubWorkflow", new() { ["definitionId"] = child }),
                A("schedule", "HumanTask", Todo("Schedule a technician", "Done")),
                A("reminder", "Delay", new() { ["duration"] = "P2D" }),
                A("quote", "HumanTask", Todo("Customer answer", "Accept", "Reject")),
                A("stopWork", "Cancel", new() { ["activities"] = new JsonArray("orderParts", "schedule", "reminder") }),
                A("giveBack", "HumanTask", Todo("Return the device unrepaired", "Done")),
            ],
            "start.Done→fork", "fork.Branch→orderParts", "fork.Branch→schedule", "fork.Branch→reminder", "fork.Branch→quote",
            "quote.Reject→stopWork", "stopWork.Done→giveBack"));
        await WaitingAtAsync(instance, "orderParts", "schedule", "reminder", "quote");
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count == 1, "no child");
        var order = (await ChildrenAsync(instance))[0].Id;

        await CompleteAsync(instance, "quote", "Reject");
        await TaskAsync(instance, "giveBack");
        Assert.Equal(["orderParts", "reminder", "schedule"], (await WithdrawnAsync(instance)).Order());
        await Api.WaitForAsync(order, "Cancelled");
        Assert.Equal(0, await Api.AdvanceAsync(TimeSpan.FromDays(3)));
        Assert.Equal("Suspended", await Api.StatusAsync(instance));

        await CompleteAsync(instance, "giveBack");
        await Api.WaitForAsync(instance, "Completed");
        await AssertNothingLeftAsync(instance, order);
    }

    [Fact]
    public async Task WCP20_cancelling_the_case_withdraws_everything_children_included_and_records_it_as_cancelled()
    {
        var child = Id("cx-cchild");
        await Api.PublishAsync(Flow(child, [A("start", "Start"), A("t", "HumanTask", Todo("child task", "Done"))], "start.Done→t"));
        var instance = await RunAsync(Flow(Id("cx-case"),
            [
                A("start", "Start"), A("fork", "Fork"), A("t", "HumanTask", Todo("T", "Done")),
                A("sub", "SubWorkflow", new() { ["definitionId"] = child }), A("timer", "Delay", new() { ["duration"] = "P1D" }),
            ],
            "start.Done→fork", "fork.Branch→t", "fork.Branch→sub", "fork.Branch→timer"));
        await WaitingAtAsync(instance, "t", "sub", "timer");
        await UntilAsync(async () => (await ChildrenAsync(instance)).Count == 1, "no child");
        var childId = (await ChildrenAsync(instance))[0].Id;
        await Api.WaitForTaskAsync(childId);

        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/cancel", new { reason = "customer withdrew the RMA" }));
        await Api.WaitForAsync(instance, "Cancelled");
        await Api.WaitForAsync(childId, "Cancelled");
        Assert.Equal(["sub", "t", "timer"], (await WithdrawnAsync(instance)).Order());
        Assert.Contains(("(instance)", "Cancelled"), await Api.EventsAsync(instance));
        await AssertNothingLeftAsync(instance, childId);
    }

    [Fact]
    public async Task WCP43_reaching_an_end_withdraws_all_remaining_work()
    {
        var instance = await RunAsync(Flow(Id("cx-end"),
            [
                A("start", "Start"), A("fork", "Fork"),
                A("close", "HumanTask", Todo("Close the case", "Done")),
                A("reminder", "Delay", new() { ["duration"] = "P1D" }),
                A("survey", "WaitForEvent", new() { ["event"] = "survey", ["correlationKey"] = "x" }),
                A("end", "End"),
            ],
            "start.Done→fork", "fork.Branch→close", "fork.Branch→reminder", "fork.Branch→survey", "close.Done→end"));
        await WaitingAtAsync(instance, "close", "reminder", "survey");
        await CompleteAsync(instance, "close");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(["reminder", "survey"], (await WithdrawnAsync(instance)).Order());
        await AssertNothingLeftAsync(instance);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CancellationsOnSqlite(SqliteHost host) : CancellationTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CancellationsOnPostgres(PostgresHost host) : CancellationTests(host);
