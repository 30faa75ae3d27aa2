using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>
/// The shipped out-of-warranty repair flow: a knowledge-base solution first, then a quote the customer accepts, rejects
/// or lets expire, the repair, payment, audit and callback; and the request's status history the SLA clock reads.
/// </summary>
public abstract class OutOfWarrantyFlowTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    private string DaysAgo(int days) => DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-days).ToString("yyyy-MM-dd");

    /// <summary>A customer with an email address and a product bought long ago (its warranty ended), in the territory.</summary>
    private async Task<(Guid CustomerId, string Serial)> OutOfWarrantyProductAsync(Territory t)
    {
        var code = WorkflowApi.Unique("C");
        var customer = DomainApi.Id(await _desk.Records.CreatedAsync("/api/customers",
            new { code, name = "李女士", tier = "Standard", region = t.Region, phone = "13900000000", email = $"{code.ToLowerInvariant()}@example.com" }));
        var model = await _desk.Records.GetAsync($"/api/product-models/{t.ModelCode}");
        var product = await _desk.Records.ProductAsync(customer, DomainApi.Id(model), DaysAgo(800));
        return (customer, product["serialNumber"]!.GetValue<string>());
    }

    private async Task<JsonObject> OpenRepairAsync(Guid customerId, string serial, string symptom)
    {
        var opened = await _desk.OpenAsync(new { type = "repair", customer = new { id = customerId }, serialNumber = serial, symptom, priority = "normal" });
        Assert.Equal(("out-of-warranty-repair", 1), (opened["definitionId"]!.GetValue<string>(), opened["definitionVersion"]!.GetValue<int>()));
        return opened;
    }

    /// <summary>The emails a flow's activity queued (newest first), with their payloads.</summary>
    private async Task<List<JsonObject>> EmailsAsync(Guid instanceId, string activityId)
    {
        var page = await _desk.Records.GetAsync("/api/outbox?channel=email&pageSize=200");
        var mine = page["items"]!.AsArray().Where(m => m!["instanceId"]?.GetValue<Guid>() == instanceId && m["activityId"]?.GetValue<string>() == activityId);
        var emails = new List<JsonObject>();
        foreach (var m in mine)
            emails.Add(await _desk.Records.GetAsync($"/api/outbox/{m!["id"]}"));
        return emails;
    }

    [Fact]
    public async Task A_paid_repair_is_quoted_accepted_by_the_customer_repaired_paid_audited_and_called_back()
    {
        var t = await _desk.TerritoryAsync();
        var (customer, serial) = await OutOfWarrantyProductAsync(t);
        var part = await _desk.PartAsync(t, 60m, inStock: 0);
        var opened = await OpenRepairAsync(customer, serial, ServiceDesk.NoArticleSymptom());
        var (id, instanceId, number) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>(), opened["number"]!.GetValue<string>());

        var quoteTask = await _desk.TaskAsync(instanceId, "quote");
        Assert.Contains("200", quoteTask["title"]!.GetValue<string>()); // labour 150 + travel 50 from the flow's price list
        var waiting = await _desk.WaitForStatusAsync(id, "WaitingForCustomer");
        Assert.Equal(("OutOfWarrantyRepair", "PaidRepair"), (waiting["type"]!.GetValue<string>(), waiting["warranty"]!["remedy"]!.GetValue<string>()));
        var email = Assert.Single(await EmailsAsync(instanceId, "quote"));
        Assert.Equal(("quote", 200m), (email["payload"]!["template"]!.GetValue<string>(), email["payload"]!["model"]!["total"]!.GetValue<decimal>()));
        Assert.Equal(["warranty:OutOfWarranty", "autoResolve:Unresolved", "paid:True"], (await _desk.Flows.TraceAsync(instanceId)).Skip(1).Take(3));

        // the customer accepts through the integrator's signed webhook, the sample payload with this request's number
        var (endpoint, secret) = await _desk.EndpointAsync("quotes", new { kind = "RaiseEvent" });
        var accepted = ServiceDesk.Sample("quote-accepted.json");
        accepted["correlationKey"] = number;
        var raised = await WorkflowApi.Ensure(await _desk.HookAsync(endpoint, secret, accepted.ToJsonString()));
        Assert.Equal(instanceId, Assert.Single(raised["resumedInstances"]!.AsArray())!.GetValue<Guid>());
        var visit = await _desk.VisitAsync(id);
        Assert.DoesNotContain(await _desk.Flows.TasksAsync(instanceId), x => x!["activityId"]!.GetValue<string>() == "quote");
        await WorkflowApi.Ensure(await _desk.ReportAsync(visit["id"]!, "Completed", partsUsed: new[] { new { partNumber = part, quantity = 1 } },
            labourFee: 150m, travelFee: 50m));
        var payment = await _desk.TaskAsync(instanceId, "payment");
        Assert.StartsWith("Collect 260", payment["title"]!.GetValue<string>());
        Assert.EndsWith($"yuan for {number}", payment["title"]!.GetValue<string>());
        Assert.Equal("ServiceCompleted", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "payment", "Paid", new { receipt = "R-0001" });
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        var audited = await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        Assert.Equal(("Closed", 260m), (audited["status"]!.GetValue<string>(), audited["costs"]!["total"]!.GetValue<decimal>()));

        // the status history the SLA reads: waiting for the customer paused the clock; closing took every escalation off
        var sla = await _desk.Records.GetAsync($"/api/service-requests/{id}/sla");
        var history = sla["statusHistory"]!.AsArray();
        // (the accepted quote's Pending and the dispatch commit together: the history keeps what each commit left)
        Assert.Equal(["Pending", "WaitingForCustomer", "Dispatched", "ServiceCompleted", "Closed"],
            history.Select(h => h!["status"]!.GetValue<string>()));
        Assert.True(history[1]!["pauses"]!.GetValue<bool>());
        Assert.Equal("workflow", history[1]!["by"]!.GetValue<string>());
        Assert.All(sla["escalations"]!.AsArray(), e => Assert.True(e!["dueAt"] is null || e["status"]!.GetValue<string>() == "Fired"));

        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 4 });
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        Assert.Equal(["quote:Accepted", "assign:Assigned", "visit:Completed", "done:Done", "paidAfter:True", "payment:Paid", "close:Done",
            "audit:Audited", "callback:Satisfied"], (await _desk.Flows.TraceAsync(instanceId)).Skip(4));
    }

    [Fact]
    public async Task A_quote_the_customer_rejects_or_never_answers_closes_the_request_without_a_visit()
    {
        var t = await _desk.TerritoryAsync();
        var (customer, serial) = await OutOfWarrantyProductAsync(t);

        var rejected = await OpenRepairAsync(customer, serial, ServiceDesk.NoArticleSymptom());
        var rejectedInstance = rejected["instanceId"]!.GetValue<Guid>();
        await _desk.CompleteAsync(rejectedInstance, "quote", "Reject", new { reason = "Too expensive; will buy a new one." });
        var closed = await _desk.WaitForStatusAsync(rejected["requestId"]!, "Closed");
        Assert.StartsWith("The customer declined the quote of 200 yuan (", closed["resolution"]!.GetValue<string>());
        Assert.EndsWith("). Too expensive; will buy a new one.", closed["resolution"]!.GetValue<string>());

        var unanswered = await OpenRepairAsync(customer, serial, ServiceDesk.NoArticleSymptom());
        var instanceId = unanswered["instanceId"]!.GetValue<Guid>();
        await _desk.TaskAsync(instanceId, "quote");
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(6));
        Assert.Equal("WaitingForCustomer", (await _desk.RequestAsync(unanswered["requestId"]!))["status"]!.GetValue<string>());
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var expired = await _desk.WaitForStatusAsync(unanswered["requestId"]!, "Closed");
        Assert.Contains("(expired)", expired["resolution"]!.GetValue<string>());
        Assert.Empty(await _desk.Flows.TasksAsync(instanceId)); // the agent's quote task went with the expiry
        Assert.Equal("Cancelled", (await _desk.Flows.TasksAsync(instanceId, "Cancelled")).Single()!["status"]!.GetValue<string>());
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        foreach (var id in new[] { rejected["requestId"]!, unanswered["requestId"]! })
            Assert.Empty((await _desk.Records.GetAsync($"/api/field-tasks?serviceRequestId={id}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_knowledge_base_solution_the_customer_confirms_resolves_the_request_remotely_and_counts_for_the_article()
    {
        var t = await _desk.TerritoryAsync();
        var (customer, serial) = await OutOfWarrantyProductAsync(t);
        var word = WorkflowApi.Unique("flicker");
        await _desk.SomeKnowledgeAsync();
        var article = await _desk.Records.CreatedAsync("/api/knowledge", new
        {
            title = $"Display {word} after a power cut",
            symptom = $"The display shows {word} and the unit beeps after a power cut.",
            solution = "Unplug the unit for five minutes, then hold RESET for three seconds.",
            language = "en",
            productLine = t.ProductLine,
        });
        var articleId = article["articleId"]!.GetValue<string>();

        var opened = await OpenRepairAsync(customer, serial, $"Display shows {word}, the unit beeps after a power cut");
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        var task = await _desk.TaskAsync(instanceId, "autoResolve");
        Assert.Contains("hold RESET", task["description"]!.GetValue<string>());
        var email = Assert.Single(await EmailsAsync(instanceId, "autoResolve"));
        Assert.Equal("solution-proposal", email["payload"]!["template"]!.GetValue<string>());
        Assert.Equal("WaitingForCustomer", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "autoResolve", "Resolved");

        var resolved = await _desk.WaitForStatusAsync(id, "Resolved");
        Assert.Equal($"Solved remotely with knowledge-base article {articleId}: Display {word} after a power cut", resolved["resolution"]!.GetValue<string>());
        Assert.Equal(1, (await _desk.Records.GetAsync($"/api/knowledge/{articleId}"))["usageCount"]!.GetValue<int>());
        Assert.Equal(articleId, (await _desk.Flows.InstanceAsync(instanceId))["outputs"]!["autoResolve"]!["articleId"]!.GetValue<string>());
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Unreachable");
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        Assert.Empty((await _desk.Records.GetAsync($"/api/field-tasks?serviceRequestId={id}"))["items"]!.AsArray());

        // the same article answered "not solved" by the customer: the flow goes on to the quote
        var second = await OpenRepairAsync(customer, serial, $"Display shows {word}, the unit beeps after a power cut");
        await _desk.TaskAsync(second["instanceId"]!.GetValue<Guid>(), "autoResolve");
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("solution.answer", second["number"]!.GetValue<string>(), new { resolved = false }));
        await _desk.TaskAsync(second["instanceId"]!.GetValue<Guid>(), "quote");
        Assert.Equal(1, (await _desk.Records.GetAsync($"/api/knowledge/{articleId}"))["usageCount"]!.GetValue<int>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OutOfWarrantyFlowOnSqlite(SqliteHost host) : OutOfWarrantyFlowTests(host);

[Collection(PostgresCollection.Name)]
public sealed class OutOfWarrantyFlowOnPostgres(PostgresHost host) : OutOfWarrantyFlowTests(host);
