using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>The shipped installation flow, end to end through the API: intake, assignment, visit, acceptance, audit, callback.</summary>
public abstract class InstallationFlowTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    [Fact]
    public async Task An_installation_runs_from_intake_to_audit_and_callback_and_its_costs_add_up()
    {
        var t = await _desk.TerritoryAsync();
        var pipe = await _desk.PartAsync(t, 85.50m, inStock: 0);
        var serial = WorkflowApi.Unique("SN");
        var opened = await _desk.OpenForAsync(t, "installation", serial);
        Assert.StartsWith("SR-", opened["number"]!.GetValue<string>());
        Assert.Equal(("Pending", "installation", 1), (opened["status"]!.GetValue<string>(), opened["definitionId"]!.GetValue<string>(),
            opened["definitionVersion"]!.GetValue<int>()));
        var id = opened["requestId"]!.GetValue<Guid>();
        var instanceId = opened["instanceId"]!.GetValue<Guid>();

        var visit = await _desk.VisitAsync(id);
        var dispatched = await _desk.RequestAsync(id);
        Assert.Equal(("Installation", "Dispatched"), (dispatched["type"]!.GetValue<string>(), dispatched["status"]!.GetValue<string>()));
        Assert.Equal("default", dispatched["sla"]!["policyId"]!.GetValue<string>());
        Assert.True(dispatched["sla"]!["version"]!.GetValue<int>() >= 1); // the version in effect when it was opened (other tests publish more)
        Assert.NotNull(dispatched["sla"]!["onSiteDue"]);
        Assert.Equal((instanceId, 1), (dispatched["instance"]!["id"]!.GetValue<Guid>(), dispatched["instance"]!["definitionVersion"]!.GetValue<int>()));
        Assert.Contains(dispatched["openTasks"]!.AsArray(), o => o!["kind"]!.GetValue<string>() == "field-task");
        Assert.NotNull(visit["appointmentStart"]);

        var report = await _desk.ReportAsync(visit["id"]!, "Completed", partsUsed: new[] { new { partNumber = pipe, quantity = 2 } },
            labourFee: 120m, travelFee: 30.50m);
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        var again = await _desk.ReportAsync(visit["id"]!, "Completed");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        await _desk.CompleteAsync(instanceId, "audit", "Approve", new { comment = "All documents signed." });
        var audited = await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        Assert.Equal("Closed", audited["status"]!.GetValue<string>());
        // the report's burst completes the service and closes the request in one commit: the trail shows where it ended
        Assert.Equal(["Pending", "Dispatched", "Closed"], ServiceDesk.Statuses(audited));
        var costs = audited["costs"]!;
        Assert.Equal((171.00m, 120m, 30.50m, 321.50m), (costs["parts"]!.GetValue<decimal>(), costs["labour"]!.GetValue<decimal>(),
            costs["travel"]!.GetValue<decimal>(), costs["total"]!.GetValue<decimal>()));
        Assert.Equal("Replaced the drain pump and tested for an hour.", audited["resolution"]!.GetValue<string>());
        var product = await _desk.Records.GetAsync($"/api/installed-products/{serial}");
        Assert.Equal(DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), product["acceptanceDate"]!.GetValue<string>());
        var (locked, _) = await _desk.Records.SendAsync(HttpMethod.Delete, $"/api/service-requests/{id}");
        Assert.Equal(HttpStatusCode.Conflict, locked);

        // the callback is due three days after the job, not before
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.Empty(await _desk.Flows.TasksAsync(instanceId));
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 5, comments = "Quick and tidy." });
        var done = await _desk.Flows.WaitForAsync(instanceId, "Completed");
        Assert.Equal(5, done["outputs"]!["callback"]!["satisfaction"]!.GetValue<int>());
        Assert.Contains("callback:Satisfied", await _desk.Flows.TraceAsync(instanceId));
    }

    [Fact]
    public async Task A_low_callback_score_opens_a_complaint_linked_to_the_request()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t, "installation");
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        await WorkflowApi.Ensure(await _desk.ReportAsync((await _desk.VisitAsync(id))["id"]!, "Completed"));
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 2, comments = "The technician left a mess." });

        var done = await _desk.Flows.WaitForAsync(instanceId, "Completed");
        Assert.Contains("callback:Dissatisfied", await _desk.Flows.TraceAsync(instanceId));
        var complaint = await _desk.RequestAsync(done["outputs"]!["callback"]!["complaintNumber"]!.GetValue<string>());
        Assert.Equal(("Complaint", "High", id), (complaint["type"]!.GetValue<string>(), complaint["priority"]!.GetValue<string>(),
            complaint["relatedRequestId"]!.GetValue<Guid>()));
        Assert.Contains("scored 2 of 5: The technician left a mess.", complaint["symptom"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_no_team_serves_waits_for_a_dispatcher_and_then_is_assigned()
    {
        var t = await _desk.TerritoryAsync(withTeam: false);
        var opened = await _desk.OpenForAsync(t, "installation");
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        var task = await _desk.TaskAsync(instanceId, "dispatcher");
        Assert.Equal("dispatcher", task["role"]!.GetValue<string>());
        Assert.Equal("Pending", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        Assert.Contains("assign:NoTeam", await _desk.Flows.TraceAsync(instanceId));

        var (teamId, technician) = await _desk.TeamAsync(t.ProductLine, t.Region);
        await WorkflowApi.Ensure(await _desk.Flows.CompleteAsync(task["id"]!.GetValue<Guid>(), "Retry"));
        var visit = await _desk.VisitAsync(id);
        var technicianRecord = await _desk.Records.GetAsync($"/api/technicians/{technician}");
        Assert.Equal(DomainApi.Id(technicianRecord), visit["technicianId"]!.GetValue<Guid>());
        Assert.Equal(teamId, technicianRecord["teamId"]!.GetValue<Guid>());
        Assert.Contains("assign:Assigned", await _desk.Flows.TraceAsync(instanceId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InstallationFlowOnSqlite(SqliteHost host) : InstallationFlowTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InstallationFlowOnPostgres(PostgresHost host) : InstallationFlowTests(host);
