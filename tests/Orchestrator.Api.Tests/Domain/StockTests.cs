using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class StockTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    private async Task<(string Part, string Warehouse, string[] Technicians)> ArrangeAsync(int technicians = 1)
    {
        var part = WorkflowApi.Unique("P");
        await _api.CreatedAsync("/api/parts", new { partNumber = part, name = "Drain pump", unitPrice = 86.5m, safetyStock = 1, minStock = 2, maxStock = 20 });
        var warehouse = WorkflowApi.Unique("WH");
        await _api.CreatedAsync("/api/warehouses", new { code = warehouse, name = "Shanghai central" });
        var team = await _api.CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "East", productLines = new[] { "washer" }, regions = new[] { "Shanghai" } });
        var codes = new string[technicians];
        for (var i = 0; i < technicians; i++)
        {
            codes[i] = WorkflowApi.Unique("TECH");
            await _api.CreatedAsync("/api/technicians", new { code = codes[i], name = $"Tech {i}", teamId = DomainApi.Id(team) });
        }
        return (part, warehouse, codes);
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> MoveAsync(object movement) =>
        _api.SendAsync(HttpMethod.Post, "/api/parts/movements", movement);

    private async Task<int> OnHandAsync(string part, string kind, string location)
    {
        var stock = await _api.GetAsync($"/api/parts/stock?partNumber={part}&locationKind={kind}&locationId={location}");
        return stock["items"]!.AsArray().Sum(p => p!["onHand"]!.GetValue<int>());
    }

    [Fact]
    public async Task Eight_parallel_issues_of_the_last_five_units_issue_exactly_five()
    {
        var (part, warehouse, technicians) = await ArrangeAsync(8);
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(new { kind = "Receive", partNumber = part, quantity = 5, warehouse })).Status);

        var results = await Task.WhenAll(technicians.Select(technician =>
            MoveAsync(new { kind = "IssueToTechnician", partNumber = part, quantity = 1, warehouse, technician })));

        Assert.Equal(5, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.StartsWith("Insufficient", r.Body["code"]!.GetValue<string>());
        });
        Assert.Equal(0, await OnHandAsync(part, "Warehouse", warehouse));
        var vans = await _api.GetAsync($"/api/parts/stock?partNumber={part}&locationKind=Van");
        Assert.Equal(5, vans["items"]!.AsArray().Sum(p => p!["onHand"]!.GetValue<int>()));
        var journal = await _api.GetAsync($"/api/parts/movements?partNumber={part}");
        Assert.Equal(1 + 5 * 2, journal["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_part_goes_out_on_a_job_and_comes_back_defective_with_level_alerts()
    {
        var (part, warehouse, technicians) = await ArrangeAsync();
        var technician = technicians[0];
        await MoveAsync(new { kind = "Receive", partNumber = part, quantity = 3, warehouse });
        var (issued, issue) = await MoveAsync(new { kind = "IssueToTechnician", partNumber = part, quantity = 2, warehouse, technician });
        Assert.Equal(HttpStatusCode.Created, issued);
        Assert.Contains(issue["alerts"]!.AsArray(), a => a!["kind"]!.GetValue<string>() == "BelowMin");

        var (refused, problem) = await MoveAsync(new { kind = "Consume", partNumber = part, quantity = 1, technician });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(["reference"], DomainApi.Fields(problem));
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(new { kind = "Consume", partNumber = part, quantity = 1, technician, reference = "SR-2025-000001" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(new { kind = "ReturnDefective", partNumber = part, quantity = 1, technician, warehouse })).Status);
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(new { kind = "Scrap", partNumber = part, quantity = 1, location = "DefectiveBin", warehouse })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await MoveAsync(new { kind = "Consume", partNumber = part, quantity = 5, technician, reference = "SR-2025-000002" })).Status);
        Assert.Equal(1, await OnHandAsync(part, "Van", technician));
        Assert.Equal(1, await OnHandAsync(part, "Warehouse", warehouse));
    }

    [Fact]
    public async Task A_movement_names_its_bad_fields()
    {
        var (status, problem) = await MoveAsync(new { kind = "IssueToTechnician", partNumber = "", quantity = 0, warehouse = "NOWHERE" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["partNumber", "quantity", "technician", "warehouse"], DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
        var (unknown, _) = await MoveAsync(new { kind = "Teleport", partNumber = "X", quantity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StockOnSqlite(SqliteHost host) : StockTests(host);

[Collection(PostgresCollection.Name)]
public sealed class StockOnPostgres(PostgresHost host) : StockTests(host);
