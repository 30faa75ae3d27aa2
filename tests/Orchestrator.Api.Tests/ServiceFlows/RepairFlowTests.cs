using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>
/// The shipped in-warranty repair flow: every warranty remedy, a knowledge-base solution first, revisits, parts, a failed
/// visit, a rejected audit, and the happy path to the callback. (A symptom no article matches goes straight to a visit.)
/// </summary>
public abstract class RepairFlowTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    private string DaysAgo(int days) => DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Nobody_home_sends_the_request_back_to_scheduling_and_a_second_visit_follows()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t, "repair", saleDate: DaysAgo(20), symptom: ServiceDesk.NoArticleSymptom());
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        Assert.Equal("in-warranty-repair", opened["definitionId"]!.GetValue<string>());
        var first = await _desk.VisitAsync(id);
        var request = await _desk.RequestAsync(id);
        Assert.Equal(("InWarrantyRepair", "Exchange"), (request["type"]!.GetValue<string>(), request["warranty"]!["remedy"]!.GetValue<string>()));
        Assert.Contains("exchange period", request["warranty"]!["reason"]!.GetValue<string>());

        await WorkflowApi.Ensure(await _desk.ReportAsync(first["id"]!, "CustomerAbsent", travelFee: 25m, notes: "Left a note on the door."));
        await _desk.CompleteAsync(instanceId, "reschedule", "Rescheduled", new { appointmentStart = "2030-03-04T09:00:00Z" });
        var second = await _desk.VisitAsync(id);
        Assert.NotEqual(first["id"]!.GetValue<Guid>(), second["id"]!.GetValue<Guid>());
        Assert.Equal("2030-03-04T09:00:00+00:00", second["appointmentStart"]!.GetValue<string>());
        Assert.Equal("NobodyHome", (await _desk.Records.GetAsync($"/api/field-tasks/{first["id"]}"))["status"]!.GetValue<string>());

        await WorkflowApi.Ensure(await _desk.ReportAsync(second["id"]!, "Completed", labourFee: 80m, travelFee: 25m));
        await _desk.TaskAsync(instanceId, "audit");
        var closed = await _desk.RequestAsync(id);
        Assert.Equal(("Closed", 130m), (closed["status"]!.GetValue<string>(), closed["costs"]!["total"]!.GetValue<decimal>()));
        Assert.Equal(["visit:CustomerAbsent", "reschedule:Rescheduled", "visit:Completed"],
            (await _desk.Flows.TraceAsync(instanceId)).Where(s => s.StartsWith("visit") || s.StartsWith("reschedule")));
    }

    [Fact]
    public async Task Parts_are_issued_line_by_line_a_short_line_is_waited_for_and_a_line_added_meanwhile_is_issued_too()
    {
        var t = await _desk.TerritoryAsync();
        var filter = await _desk.PartAsync(t, 20m, inStock: 5);
        var motor = await _desk.PartAsync(t, 300m, inStock: 0);
        var opened = await _desk.OpenForAsync(t, "repair", symptom: ServiceDesk.NoArticleSymptom());
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        Assert.Equal("Return", (await _desk.WaitAsync(id, r => r["warranty"]!["remedy"] is not null))["warranty"]!["remedy"]!.GetValue<string>());

        var first = await _desk.VisitAsync(id);
        await WorkflowApi.Ensure(await _desk.ReportAsync(first["id"]!, "NeedsParts",
            partsNeeded: new object[] { new { partNumber = filter, quantity = 1 }, new { partNumber = motor, quantity = 2 } }));
        await _desk.WaitForStatusAsync(id, "WaitingForParts");
        Assert.Empty((await _desk.Records.GetAsync($"/api/field-tasks?serviceRequestId={id}&status=Scheduled"))["items"]!.AsArray());
        Assert.Equal(1, await StockAsync(filter, t.TechnicianCode)); // the first line did not wait for the short one

        // the technician calls in one more filter while the motor is awaited
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("parts.line-added", opened["number"]!.GetValue<string>(),
            new { items = new object[] { new { partNumber = filter, quantity = 1 } } }));
        await _desk.ReceiveAsync(t, motor, 3);
        var second = await _desk.VisitAsync(id);
        Assert.Equal("Dispatched", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(2, await StockAsync(filter, t.TechnicianCode));
        Assert.Equal(2, await StockAsync(motor, t.TechnicianCode));
        Assert.Equal(1, await StockAsync(motor, t.Warehouse));

        await WorkflowApi.Ensure(await _desk.ReportAsync(second["id"]!, "Completed",
            partsUsed: new object[] { new { partNumber = filter, quantity = 2 }, new { partNumber = motor, quantity = 2 } }, labourFee: 150m));
        await _desk.TaskAsync(instanceId, "audit");
        Assert.Equal(0, await StockAsync(motor, t.TechnicianCode));
        var costs = (await _desk.RequestAsync(id))["costs"]!;
        Assert.Equal((640m, 790m), (costs["parts"]!.GetValue<decimal>(), costs["total"]!.GetValue<decimal>()));
        Assert.Contains("parts:Done", await _desk.Flows.TraceAsync(instanceId));
    }

    [Fact]
    public async Task A_failed_visit_goes_to_a_supervisor_and_a_rejected_audit_to_rework()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t, "repair", saleDate: DaysAgo(100), symptom: ServiceDesk.NoArticleSymptom());
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        await WorkflowApi.Ensure(await _desk.ReportAsync((await _desk.VisitAsync(id))["id"]!, "Failed", notes: "Compressor seized."));
        await _desk.CompleteAsync(instanceId, "review", "Redispatch");
        await WorkflowApi.Ensure(await _desk.ReportAsync((await _desk.VisitAsync(id))["id"]!, "Failed", notes: "Still seized."));
        await _desk.CompleteAsync(instanceId, "review", "Close", new { comment = "Replace the unit under a new request." });
        await _desk.CompleteAsync(instanceId, "audit", "Reject", new { comment = "Attach the photos." });
        await _desk.CompleteAsync(instanceId, "rework", "Corrected");
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        var request = await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());

        var trace = await _desk.Flows.TraceAsync(instanceId);
        Assert.Equal(["warranty:InWarranty", "autoResolve:Unresolved", "visit:Failed", "review:Redispatch", "visit:Failed", "review:Close", "audit:Rejected",
            "rework:Corrected", "audit:Audited"], trace.Where(s => !s.StartsWith("start") && !s.StartsWith("assign") && !s.StartsWith("closeFailed")));
        Assert.Equal("Closed after a failed visit: Replace the unit under a new request.", request["resolution"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_in_warranty_repair_is_visited_completed_closed_audited_and_called_back()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t, "repair", saleDate: DaysAgo(100), symptom: ServiceDesk.NoArticleSymptom());
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        var visit = await _desk.VisitAsync(id);
        Assert.Equal("Dispatched", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        await WorkflowApi.Ensure(await _desk.ReportAsync(visit["id"]!, "Completed", labourFee: 90m, travelFee: 30m));

        var audit = await _desk.TaskAsync(instanceId, "audit");
        var closed = await _desk.RequestAsync(id);
        Assert.Equal(("Closed", "Replaced the drain pump and tested for an hour.", 120m), (closed["status"]!.GetValue<string>(),
            closed["resolution"]!.GetValue<string>(), closed["costs"]!["total"]!.GetValue<decimal>()));
        Assert.False(closed["audited"]!.GetValue<bool>());
        await WorkflowApi.Ensure(await _desk.Flows.CompleteAsync(audit["id"]!.GetValue<Guid>(), "Approve"));
        await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());

        // the callback waits three days after closure
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.DoesNotContain(await _desk.Flows.TasksAsync(instanceId), x => x!["activityId"]!.GetValue<string>() == "callback");
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 5, comments = "Quick and tidy." });
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        Assert.Equal(["start:Done", "warranty:InWarranty", "autoResolve:Unresolved", "assign:Assigned", "visit:Completed", "done:Done", "close:Done",
            "audit:Audited", "callback:Satisfied"], await _desk.Flows.TraceAsync(instanceId));
        // (service completed and closed commit together: the history keeps what each commit left)
        var sla = await _desk.Records.GetAsync($"/api/service-requests/{id}/sla");
        Assert.Equal(["Pending", "Dispatched", "Closed"], sla["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_knowledge_base_solution_resolves_an_in_warranty_repair_remotely_and_a_refused_one_goes_on_to_a_visit()
    {
        var t = await _desk.TerritoryAsync();
        var word = WorkflowApi.Unique("blink");
        await _desk.SomeKnowledgeAsync();
        var article = await _desk.Records.CreatedAsync("/api/knowledge", new
        {
            title = $"Indicator {word} after a filter change",
            symptom = $"The filter indicator keeps {word} after the filters were cleaned.",
            solution = "Hold the FILTER button for five seconds until the indicator goes out.",
            language = "en",
            productLine = t.ProductLine,
        });
        var articleId = article["articleId"]!.GetValue<string>();
        var symptom = $"Filter indicator keeps {word} although the filters were cleaned";

        var opened = await _desk.OpenForAsync(t, "repair", saleDate: DaysAgo(100), symptom: symptom);
        var (id, instanceId, number) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>(), opened["number"]!.GetValue<string>());
        var offer = await _desk.TaskAsync(instanceId, "autoResolve");
        Assert.Contains("Hold the FILTER button", offer["description"]!.GetValue<string>());
        var waiting = await _desk.WaitForStatusAsync(id, "WaitingForCustomer");
        Assert.Equal(("InWarrantyRepair", "FreeRepair"), (waiting["type"]!.GetValue<string>(), waiting["warranty"]!["remedy"]!.GetValue<string>()));
        Assert.Empty((await _desk.Records.GetAsync($"/api/field-tasks?serviceRequestId={id}"))["items"]!.AsArray());

        // the customer answers by event: solved
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("solution.answer", number, new { resolved = true }));
        var resolved = await _desk.WaitForStatusAsync(id, "Resolved");
        Assert.Equal($"Solved remotely with knowledge-base article {articleId}: Indicator {word} after a filter change",
            resolved["resolution"]!.GetValue<string>());
        Assert.Equal(1, (await _desk.Records.GetAsync($"/api/knowledge/{articleId}"))["usageCount"]!.GetValue<int>());
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 5 });
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        Assert.Equal(["start:Done", "warranty:InWarranty", "autoResolve:Resolved", "closeResolved:Done", "callback:Satisfied"],
            await _desk.Flows.TraceAsync(instanceId));
        Assert.Empty((await _desk.Records.GetAsync($"/api/field-tasks?serviceRequestId={id}"))["items"]!.AsArray());

        // the same solution did not help another customer: the agent records it and a technician is sent
        var second = await _desk.OpenForAsync(t, "repair", saleDate: DaysAgo(100), symptom: symptom);
        await _desk.CompleteAsync(second["instanceId"]!.GetValue<Guid>(), "autoResolve", "Unresolved", new { comment = "Still blinking." });
        await _desk.VisitAsync(second["requestId"]!);
        Assert.Equal("Dispatched", (await _desk.RequestAsync(second["requestId"]!))["status"]!.GetValue<string>());
        Assert.Equal(1, (await _desk.Records.GetAsync($"/api/knowledge/{articleId}"))["usageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_repair_the_warranty_does_not_cover_is_closed_once_the_customer_is_told()
    {
        var t = await _desk.TerritoryAsync();
        var model = await _desk.Records.GetAsync($"/api/product-models/{t.ModelCode}");
        foreach (var (saleDate, exclusions, outcome, reason) in new[]
                 {
                     (DaysAgo(60), new[] { "Misuse" }, "NotCovered", "use against the manual"),
                     (DaysAgo(800), Array.Empty<string>(), "OutOfWarranty", "repairs are charged"),
                 })
        {
            var product = await _desk.Records.ProductAsync(t.CustomerId, DomainApi.Id(model), saleDate, exclusions: exclusions);
            var opened = await _desk.OpenAsync(new
            {
                type = "inWarrantyRepair", // the agent's claim; the flow checks it
                customer = new { id = t.CustomerId },
                serialNumber = product["serialNumber"]!.GetValue<string>(),
                symptom = "Does not cool.",
            });
            var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
            var task = await _desk.CompleteAsync(instanceId, "notCovered", "Informed");
            Assert.Contains(reason, task["description"]!.GetValue<string>());
            var request = await _desk.WaitForStatusAsync(id, "Closed");
            Assert.Equal(("OutOfWarrantyRepair", outcome == "NotCovered" ? "NotCovered" : "PaidRepair"),
                (request["type"]!.GetValue<string>(), request["warranty"]!["remedy"]!.GetValue<string>()));
            Assert.StartsWith("Not covered by the warranty:", request["resolution"]!.GetValue<string>());
            Assert.Equal($"warranty:{outcome}", (await _desk.Flows.TraceAsync(instanceId))[1]);
            Assert.Empty((await _desk.Records.GetAsync($"/api/field-tasks?serviceRequestId={id}"))["items"]!.AsArray());
        }
    }

    private async Task<int> StockAsync(string part, string location)
    {
        var page = await _desk.Records.GetAsync($"/api/parts/stock?partNumber={part}&locationId={location}");
        return page["items"]!.AsArray().Sum(p => p!["onHand"]!.GetValue<int>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RepairFlowOnSqlite(SqliteHost host) : RepairFlowTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RepairFlowOnPostgres(PostgresHost host) : RepairFlowTests(host);
