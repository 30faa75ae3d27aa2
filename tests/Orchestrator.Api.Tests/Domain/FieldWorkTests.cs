using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

/// <summary>Teams, technicians, assignment, field tasks, RMAs and contracts with PM plans.</summary>
public abstract class FieldWorkTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    [Fact]
    public async Task Assignment_picks_the_least_loaded_technician_and_explains_why()
    {
        var line = WorkflowApi.Unique("line");
        var team = await _api.CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "浦东组", productLines = new[] { line }, regions = new[] { "Pudong" } });
        var busy = await _api.CreatedAsync("/api/technicians", new { code = WorkflowApi.Unique("A"), name = "张工", teamId = DomainApi.Id(team), skills = new[] { "refrigerant" } });
        var free = await _api.CreatedAsync("/api/technicians", new { code = WorkflowApi.Unique("B"), name = "李工", teamId = DomainApi.Id(team), skills = new[] { "refrigerant" } });
        await _api.CreatedAsync("/api/technicians", new { code = WorkflowApi.Unique("C"), name = "赵工", teamId = DomainApi.Id(team) });
        var customer = DomainApi.Id(await _api.CustomerAsync());
        await _api.CreatedAsync("/api/service-requests", new
        {
            type = "InWarrantyRepair",
            customerId = customer,
            symptom = "漏氟",
            teamId = DomainApi.Id(team),
            assigneeId = DomainApi.Id(busy),
        });

        var (status, answer) = await _api.SendAsync(HttpMethod.Post, "/api/teams/assign",
            new { productLine = line, region = "Pudong", requiredSkills = new[] { "refrigerant" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Technician", answer["outcome"]!.GetValue<string>());
        Assert.Equal(DomainApi.Id(free), answer["technicianId"]!.GetValue<Guid>());
        var why = answer["explanation"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains(why, s => s.Contains("lacks skill refrigerant", StringComparison.Ordinal));
        Assert.Contains(why, s => s.StartsWith("Assigned to", StringComparison.Ordinal));

        var (none, nobody) = await _api.SendAsync(HttpMethod.Post, "/api/teams/assign", new { productLine = line, region = "Tibet" });
        Assert.Equal((HttpStatusCode.OK, "NoTeam"), (none, nobody["outcome"]!.GetValue<string>()));
        var (bad, problem) = await _api.SendAsync(HttpMethod.Post, "/api/teams/assign", new { region = "Pudong" });
        Assert.Equal((HttpStatusCode.BadRequest, "productLine"), (bad, DomainApi.Fields(problem).Single()));
    }

    [Fact]
    public async Task A_field_task_is_editable_until_completed()
    {
        var team = await _api.CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "Team", productLines = new[] { "x" }, regions = new[] { "y" } });
        var technician = DomainApi.Id(await _api.CreatedAsync("/api/technicians", new { code = WorkflowApi.Unique("T"), name = "Tech", teamId = DomainApi.Id(team) }));
        var request = DomainApi.Id(await _api.RequestAsync(DomainApi.Id(await _api.CustomerAsync())));
        var task = await _api.CreatedAsync("/api/field-tasks", new
        {
            serviceRequestId = request,
            technicianId = technician,
            appointmentStart = "2030-05-06T09:00:00+08:00",
            appointmentEnd = "2030-05-06T11:00:00+08:00",
        });
        var id = DomainApi.Id(task);
        Assert.Equal("2030-05-06T01:00:00+00:00", task["appointmentStart"]!.GetValue<string>());

        var (incomplete, problem) = await _api.SendAsync(HttpMethod.Put, $"/api/field-tasks/{id}", new { serviceRequestId = request, technicianId = technician, status = "Completed" });
        Assert.Equal((HttpStatusCode.BadRequest, "workDone"), (incomplete, DomainApi.Fields(problem).Single()));
        var (done, completed) = await _api.SendAsync(HttpMethod.Put, $"/api/field-tasks/{id}", new
        {
            serviceRequestId = request,
            technicianId = technician,
            status = "Completed",
            workDone = "Cleared the drain",
            labourMinutes = 45,
            labourFee = 60,
            partsUsed = new[] { new { partNumber = "DRAIN-HOSE", quantity = 1 } },
            signedBy = "陈女士",
        });
        Assert.Equal(HttpStatusCode.OK, done);
        Assert.NotNull(completed["completedAt"]);
        var (locked, _) = await _api.SendAsync(HttpMethod.Put, $"/api/field-tasks/{id}", new { serviceRequestId = request, technicianId = technician, status = "OnSite" });
        Assert.Equal(HttpStatusCode.Conflict, locked);
    }

    [Fact]
    public async Task An_rma_is_numbered_and_a_contract_plans_its_maintenance()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var rma = await _api.CreatedAsync("/api/rmas", new { customerId = customer, reason = "Compressor noise on day 5", inboundTracking = "SF1234567890" });
        Assert.Matches(@"^RMA-\d{4}-\d{6}$", rma["number"]!.GetValue<string>());
        var (received, problem) = await _api.SendAsync(HttpMethod.Put, $"/api/rmas/{rma["number"]}", new { customerId = customer, reason = "x", status = "Received" });
        Assert.Equal((HttpStatusCode.BadRequest, "receivedAt"), (received, DomainApi.Fields(problem).Single()));

        var contract = await _api.CreatedAsync("/api/service-contracts", new
        {
            code = WorkflowApi.Unique("SC"),
            customerId = customer,
            level = "Standard",
            coverage = new[] { "PreventiveMaintenance" },
            startDate = "2026-01-01",
            endDate = "2026-12-31",
        });
        var plan = await _api.CreatedAsync("/api/pm-plans", new { contractId = DomainApi.Id(contract), intervalMonths = 3, checklist = "Filters\nDrain" });
        Assert.Equal("2026-04-01", plan["nextDueDate"]!.GetValue<string>());
        var due = await _api.GetAsync($"/api/pm-plans?contractId={DomainApi.Id(contract)}&dueBefore=2026-05-01");
        Assert.Equal(1, due["total"]!.GetValue<int>());

        var (referenced, _) = await _api.SendAsync(HttpMethod.Delete, $"/api/service-contracts/{DomainApi.Id(contract)}");
        Assert.Equal(HttpStatusCode.Conflict, referenced);
        var (bad, invalid) = await _api.SendAsync(HttpMethod.Post, "/api/service-contracts", new { code = "X", customerId = customer, startDate = "2026-02-01", endDate = "2026-01-01", coverage = new[] { "Snacks" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["coverage", "endDate"], DomainApi.Fields(invalid).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task The_public_contract_paths_are_in_the_OpenAPI_document()
    {
        var document = (await host.Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[]
        {
            "/api/installed-products/{serialNumber}/warranty", "/api/knowledge", "/api/knowledge/search", "/api/sla-policies",
            "/api/sla-policies/{policyId}/publish", "/api/sla-policies/evaluate", "/api/teams/assign", "/api/parts/movements",
            "/api/audit", "/api/service-requests/{key}/audit",
        })
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document.");
        var list = paths["/api/customers"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Contains("tier", list);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FieldWorkOnSqlite(SqliteHost host) : FieldWorkTests(host);

[Collection(PostgresCollection.Name)]
public sealed class FieldWorkOnPostgres(PostgresHost host) : FieldWorkTests(host);
