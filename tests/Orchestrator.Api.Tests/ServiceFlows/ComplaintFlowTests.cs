using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>The shipped complaint and preventive-maintenance flows, end to end through the API.</summary>
public abstract class ComplaintFlowTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    private async Task<JsonObject> OpenComplaintAsync(Territory t, string symptom) =>
        await _desk.OpenAsync(new { type = "complaint", customer = new { id = t.CustomerId }, symptom, priority = "normal", channel = "phone" });

    [Fact]
    public async Task A_complaint_is_investigated_resolved_confirmed_closed_reviewed_and_called_back()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await OpenComplaintAsync(t, "The technician came two hours late and did not call.");
        Assert.Equal("complaint", opened["definitionId"]!.GetValue<string>());
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());

        var investigate = await _desk.TaskAsync(instanceId, "investigate");
        Assert.Equal("The technician came two hours late and did not call.", investigate["description"]!.GetValue<string>());
        Assert.Equal("InProgress", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "investigate", "Resolve",
            new { findings = "Traffic; the dispatcher did not warn.", resolution = "Apologised; 50 yuan voucher." });
        var confirm = await _desk.TaskAsync(instanceId, "confirm");
        Assert.Equal("Apologised; 50 yuan voucher.", confirm["description"]!.GetValue<string>());
        Assert.Equal("WaitingForCustomer", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "confirm", "Confirmed", new { comment = "Accepted." });
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        var audited = await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        Assert.Equal(("Closed", "Apologised; 50 yuan voucher.", "Normal"), (audited["status"]!.GetValue<string>(),
            audited["resolution"]!.GetValue<string>(), audited["priority"]!.GetValue<string>()));

        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 5 });
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
        var sla = await _desk.Records.GetAsync($"/api/service-requests/{id}/sla");
        Assert.Equal(["Pending", "InProgress", "WaitingForCustomer", "Closed"], sla["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_severe_complaint_is_escalated_to_a_supervisor_and_an_unanswered_confirmation_counts_as_confirmed()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await OpenComplaintAsync(t, "The new unit leaked and ruined the parquet floor.");
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        await _desk.CompleteAsync(instanceId, "investigate", "Escalate", new { findings = "Damage to property.", resolution = "-" });

        var escalated = await _desk.TaskAsync(instanceId, "escalate");
        Assert.Equal(("supervisor", "urgent"), (escalated["role"]!.GetValue<string>(), escalated["priority"]!.GetValue<string>()));
        Assert.Contains("Damage to property.", escalated["description"]!.GetValue<string>());
        Assert.Equal("Urgent", (await _desk.RequestAsync(id))["priority"]!.GetValue<string>());
        await _desk.CompleteAsync(instanceId, "escalate", "Handled", new { resolution = "We pay the floor repair." });

        // the customer is not satisfied: escalated again; then does not answer for a week
        await _desk.CompleteAsync(instanceId, "confirm", "NotSatisfied", new { comment = "Wants a new unit too." });
        await _desk.CompleteAsync(instanceId, "escalate", "Handled", new { resolution = "We pay the floor repair and replace the unit." });
        await _desk.TaskAsync(instanceId, "confirm");
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await _desk.TaskAsync(instanceId, "audit");
        var closed = await _desk.RequestAsync(id);
        Assert.Equal(("Closed", "We pay the floor repair and replace the unit."), (closed["status"]!.GetValue<string>(), closed["resolution"]!.GetValue<string>()));
        Assert.Equal(["investigate:Escalate", "escalate:Handled", "awaitCustomer:Done", "confirm:NotSatisfied", "escalate:Handled",
            "awaitCustomer:Done", "confirm:TimedOut", "close:Done"], (await _desk.Flows.TraceAsync(instanceId)).Skip(2));
    }

    [Fact]
    public async Task A_maintenance_request_runs_its_flow_from_intake_to_callback()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t, "maintenance");
        Assert.Equal("preventive-maintenance", opened["definitionId"]!.GetValue<string>());
        var (id, instanceId) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>());
        Assert.Equal("PreventiveMaintenance", (await _desk.RequestAsync(id))["type"]!.GetValue<string>());
        await WorkflowApi.Ensure(await _desk.ReportAsync((await _desk.VisitAsync(id))["id"]!, "Completed", labourFee: 90m));
        await _desk.CompleteAsync(instanceId, "audit", "Approve");
        var audited = await _desk.WaitAsync(id, r => r["audited"]!.GetValue<bool>());
        Assert.Equal(("Closed", 90m), (audited["status"]!.GetValue<string>(), audited["costs"]!["total"]!.GetValue<decimal>()));
        Assert.StartsWith("Preventive maintenance done:", audited["resolution"]!.GetValue<string>());
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await _desk.CompleteAsync(instanceId, "callback", "Done", new { satisfaction = 5 });
        await _desk.Flows.WaitForAsync(instanceId, "Completed");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ComplaintFlowOnSqlite(SqliteHost host) : ComplaintFlowTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ComplaintFlowOnPostgres(PostgresHost host) : ComplaintFlowTests(host);
