using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>The shipped return (RMA) flow: refund, depot repair, exchange, scrap, refusal, goods never received.</summary>
public abstract class ReturnFlowTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    private string DaysAgo(int days) => DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-days).ToString("yyyy-MM-dd");

    private async Task<(Guid Id, Guid InstanceId, string Number)> OpenReturnAsync(Territory t, int soldDaysAgo)
    {
        var opened = await _desk.OpenAsync(new
        {
            type = "return",
            customer = new { id = t.CustomerId },
            serialNumber = WorkflowApi.Unique("SN"),
            model = t.ModelCode,
            saleDate = DaysAgo(soldDaysAgo),
            symptom = "Makes a grinding noise.",
        });
        Assert.Equal("return", opened["definitionId"]!.GetValue<string>());
        return (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>(), opened["number"]!.GetValue<string>());
    }

    /// <summary>The request's RMA, once the flow authorised it (and, when named, once it has that status).</summary>
    private async Task<JsonObject> RmaAsync(Guid requestId, string? status = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await _desk.Records.GetAsync($"/api/rmas?serviceRequestId={requestId}");
            if (page["items"]!.AsArray().FirstOrDefault() is JsonObject rma && (status is null || rma["status"]!.GetValue<string>() == status))
                return rma;
            Assert.True(DateTime.UtcNow < deadline, $"No RMA for {requestId}: {await _desk.DiagnoseAsync(requestId)}");
            await Task.Delay(20);
        }
    }

    private async Task<JsonObject> ReceivedAsync(Guid requestId)
    {
        var rma = await RmaAsync(requestId);
        var number = rma["number"]!.GetValue<string>();
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("rma.received", number, new { carrier = "SF Express", tracking = "SF100200300", condition = "boxed" }));
        return rma;
    }

    [Fact]
    public async Task A_return_within_seven_days_is_authorised_received_refunded_closed_audited_and_called_back()
    {
        var t = await _desk.TerritoryAsync();
        var (id, instanceId, _) = await OpenReturnAsync(t, soldDaysAgo: 3);
        var rma = await RmaAsync(id);
        Assert.StartsWith("RMA-", rma["number"]!.GetValue<string>());
        Assert.Equal("Authorised", rma["status"]!.GetValue<string>());
        var waiting = await _desk.RequestAsync(id);
        Assert.Equal(("WaitingForCustomer", "Return"), (waiting["status"]!.GetValue<string>(), waiting["warranty"]!["remedy"]!.GetValue<string>()));

        await ReceivedAsync(id);
        var refund = await _desk.TaskAsync(instanceId, "refund");
        Assert.Equal("supervisor", refund["role"]!.GetValue<string>());
        Assert.Equal("InProgress", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "refund", "Refunded", new { amount = 2999, reference = "PAY-77" });
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        var audited = await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        Assert.Equal(("Closed", "Returned within 7 days: 2999 yuan refunded (PAY-77)."), (audited["status"]!.GetValue<string>(),
            audited["resolution"]!.GetValue<string>()));
        var closedRma = await _desk.Records.GetAsync($"/api/rmas/{rma["id"]}");
        Assert.Equal(("Closed", "Refund", "SF100200300"), (closedRma["status"]!.GetValue<string>(), closedRma["disposition"]!.GetValue<string>(),
            closedRma["inboundTracking"]!.GetValue<string>()));
        Assert.NotNull(closedRma["receivedAt"]);

        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 5 });
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        var sla = await _desk.Records.GetAsync($"/api/service-requests/{id}/sla");
        Assert.Equal(["Pending", "WaitingForCustomer", "InProgress", "Closed"], sla["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_in_warranty_return_is_repaired_in_the_depot_shipped_back_at_our_cost_and_delivered()
    {
        var t = await _desk.TerritoryAsync();
        var (id, instanceId, _) = await OpenReturnAsync(t, soldDaysAgo: 100);
        var rma = await ReceivedAsync(id);
        await _desk.CompleteAsync(instanceId, "depot", "Repaired", new { diagnosis = "Worn bearing replaced.", labourFee = 80 });
        var ship = await _desk.TaskAsync(instanceId, "ship");
        Assert.Contains("the repaired unit", ship["title"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "ship", "Shipped", new { carrier = "SF Express", tracking = "SF900", shippingFee = 20 });
        var shipped = await RmaAsync(id, "Shipped"); // the task's commit resumes the flow; its step follows
        Assert.Equal(("Shipped", "Repair", "SF900"), (shipped["status"]!.GetValue<string>(), shipped["disposition"]!.GetValue<string>(),
            shipped["outboundTracking"]!.GetValue<string>()));
        Assert.Equal("Worn bearing replaced.", shipped["diagnosis"]!.GetValue<string>());

        // the carrier's own delivery notice (the sample), mapped by its endpoint to rma.delivered keyed by the tracking number
        var (carrier, secret) = await _desk.EndpointAsync("carrier", new { kind = "RaiseEvent", @event = "rma.delivered", correlationKey = "body.trackingNumber" });
        var delivered = ServiceDesk.Sample("carrier-delivered.json");
        delivered["trackingNumber"] = "SF900";
        var raised = await WorkflowApi.Ensure(await _desk.HookAsync(carrier, secret, delivered.ToJsonString()));
        Assert.Equal(instanceId, Assert.Single(raised["resumedInstances"]!.AsArray())!.GetValue<Guid>());
        await _desk.TaskAsync(instanceId, "audit");
        var closed = await _desk.RequestAsync(id);
        Assert.Equal(("Closed", "Repaired in the depot and shipped back (SF Express SF900): Worn bearing replaced."),
            (closed["status"]!.GetValue<string>(), closed["resolution"]!.GetValue<string>()));
        Assert.Equal((80m, 20m, 100m), (closed["costs"]!["labour"]!.GetValue<decimal>(), closed["costs"]!["travel"]!.GetValue<decimal>(),
            closed["costs"]!["total"]!.GetValue<decimal>()));
        Assert.Equal("Closed", (await _desk.Records.GetAsync($"/api/rmas/{rma["id"]}"))["status"]!.GetValue<string>());
        Assert.Contains("ship:Delivered", await _desk.Flows.TraceAsync(instanceId));
    }

    [Fact]
    public async Task A_unit_the_depot_replaces_gets_a_new_unit_shipped_and_delivered_with_the_depot_labour_on_the_costs()
    {
        var t = await _desk.TerritoryAsync();
        var (id, instanceId, _) = await OpenReturnAsync(t, soldDaysAgo: 100);
        var rma = await ReceivedAsync(id);
        await _desk.CompleteAsync(instanceId, "depot", "Replaced", new { diagnosis = "Cracked drum: not worth repairing.", labourFee = 60 });
        var replaced = await RmaAsync(id, "Replaced");
        Assert.Equal(("Replace", "Cracked drum: not worth repairing."), (replaced["disposition"]!.GetValue<string>(),
            replaced["diagnosis"]!.GetValue<string>()));

        var ship = await _desk.TaskAsync(instanceId, "shipReplacement");
        Assert.Contains("a replacement unit", ship["title"]!.GetValue<string>());
        Assert.DoesNotContain(await _desk.Flows.TasksAsync(instanceId), x => x!["activityId"]!.GetValue<string>() == "ship");
        await _desk.CompleteAsync(instanceId, "shipReplacement", "Shipped", new { carrier = "SF Express", tracking = "SF777", shippingFee = 25 });
        await RmaAsync(id, "Shipped");
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("rma.delivered", "SF777", new { signedBy = "王先生" }));

        await _desk.TaskAsync(instanceId, "audit");
        var closed = await _desk.RequestAsync(id);
        Assert.Equal(("Closed", "Replaced with a new unit (SF Express SF777): Cracked drum: not worth repairing."),
            (closed["status"]!.GetValue<string>(), closed["resolution"]!.GetValue<string>()));
        Assert.Equal((60m, 25m, 85m), (closed["costs"]!["labour"]!.GetValue<decimal>(), closed["costs"]!["travel"]!.GetValue<decimal>(),
            closed["costs"]!["total"]!.GetValue<decimal>()));
        var done = await _desk.Records.GetAsync($"/api/rmas/{rma["id"]}");
        Assert.Equal(("Closed", "Replace"), (done["status"]!.GetValue<string>(), done["disposition"]!.GetValue<string>()));
        Assert.Equal(["warranty:InWarranty", "rma:Authorised", "receive:Received", "isReturn:False", "isExchange:False", "depot:Replaced",
            "shipReplacement:Delivered", "done:Done", "close:Done"], (await _desk.Flows.TraceAsync(instanceId)).Skip(1));
    }

    [Fact]
    public async Task An_exchange_and_a_scrapped_unit_get_a_replacement_and_an_unconfirmed_delivery_still_completes_the_service()
    {
        var t = await _desk.TerritoryAsync();
        var exchange = await OpenReturnAsync(t, soldDaysAgo: 20);
        await ReceivedAsync(exchange.Id); // (the year's first RMA numbers taken by two steps at once: the later one waits for its retry)
        var scrapped = await OpenReturnAsync(t, soldDaysAgo: 200);
        await ReceivedAsync(scrapped.Id);
        await _desk.CompleteAsync(scrapped.InstanceId, "depot", "Scrapped", new { diagnosis = "Water damage beyond repair." });
        foreach (var (id, instanceId, _) in new[] { exchange, scrapped })
        {
            var task = await _desk.TaskAsync(instanceId, "shipReplacement");
            Assert.Contains("a replacement unit", task["title"]!.GetValue<string>());
            await _desk.CompleteAsync(instanceId, "shipReplacement", "Shipped", new { carrier = "EMS", tracking = WorkflowApi.Unique("EMS") });
            await RmaAsync(id, "Shipped"); // waiting for the delivery from now on
        }
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        foreach (var (id, instanceId, _) in new[] { exchange, scrapped })
        {
            await _desk.TaskAsync(instanceId, "audit");
            Assert.StartsWith("Replaced with a new unit (EMS", (await _desk.RequestAsync(id))["resolution"]!.GetValue<string>());
            Assert.Contains("shipReplacement:Unconfirmed", await _desk.Flows.TraceAsync(instanceId));
        }
        Assert.Equal("Scrap", (await RmaAsync(scrapped.Id))["disposition"]!.GetValue<string>());
        Assert.EndsWith(": Water damage beyond repair.", (await _desk.RequestAsync(scrapped.Id))["resolution"]!.GetValue<string>());
        Assert.Equal(["warranty:Exchange", "rma:Authorised", "receive:Received", "isReturn:False", "isExchange:True"],
            (await _desk.Flows.TraceAsync(exchange.InstanceId)).Skip(1).Take(5));
    }

    [Fact]
    public async Task A_return_outside_the_terms_is_refused_and_goods_that_never_arrive_cancel_the_return()
    {
        var t = await _desk.TerritoryAsync();
        var refused = await OpenReturnAsync(t, soldDaysAgo: 800);
        var task = await _desk.CompleteAsync(refused.InstanceId, "refused", "Informed");
        Assert.Contains("repairs are charged", task["description"]!.GetValue<string>());
        var closed = await _desk.WaitForStatusAsync(refused.Id, "Closed");
        Assert.StartsWith("Return refused:", closed["resolution"]!.GetValue<string>());
        Assert.Empty((await _desk.Records.GetAsync($"/api/rmas?serviceRequestId={refused.Id}"))["items"]!.AsArray());

        var lost = await OpenReturnAsync(t, soldDaysAgo: 2);
        var rma = await RmaAsync(lost.Id);
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(13));
        Assert.Equal("WaitingForCustomer", (await _desk.RequestAsync(lost.Id))["status"]!.GetValue<string>());
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var cancelled = await _desk.WaitForStatusAsync(lost.Id, "Cancelled");
        Assert.Equal($"The goods of {rma["number"]} did not arrive within 14 days.", cancelled["resolution"]!.GetValue<string>());
        Assert.Equal("Closed", (await _desk.Records.GetAsync($"/api/rmas/{rma["id"]}"))["status"]!.GetValue<string>());
        // a late parcel finds nobody waiting: the event is kept, the request stays cancelled
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("rma.received", rma["number"]!.GetValue<string>(), new { carrier = "SF" }));
        Assert.Equal("Cancelled", (await _desk.RequestAsync(lost.Id))["status"]!.GetValue<string>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReturnFlowOnSqlite(SqliteHost host) : ReturnFlowTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ReturnFlowOnPostgres(PostgresHost host) : ReturnFlowTests(host);
