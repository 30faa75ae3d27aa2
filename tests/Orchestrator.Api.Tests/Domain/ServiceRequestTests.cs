using System.Net;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class ServiceRequestTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    [Fact]
    public async Task Twenty_parallel_requests_get_twenty_different_numbers()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _api.RequestAsync(customer)));
        var numbers = created.Select(r => r["number"]!.GetValue<string>()).ToList();
        Assert.All(numbers, n => Assert.Matches(@"^SR-\d{4}-\d{6}$", n));
        Assert.Equal(20, numbers.Distinct().Count());
        var listed = await _api.GetAsync($"/api/service-requests?customerId={customer}&pageSize=50");
        Assert.Equal(20, listed["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_repair_of_a_registered_product_takes_its_type_from_the_warranty()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var model = DomainApi.Id(await _api.ModelAsync());
        var today = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);
        var fresh = await _api.ProductAsync(customer, model, today.AddDays(-40).ToString("yyyy-MM-dd"));
        var old = await _api.ProductAsync(customer, model, today.AddYears(-3).ToString("yyyy-MM-dd"));
        foreach (var (product, type) in new[] { (fresh, "InWarrantyRepair"), (old, "OutOfWarrantyRepair") })
        {
            var request = await _api.CreatedAsync("/api/service-requests", new
            {
                customerId = customer,
                installedProductId = DomainApi.Id(product),
                symptom = "不制冷",
                channel = "WeChat",
                partsCost = 120.5m,
                labourCost = 80,
            });
            Assert.Equal(type, request["type"]!.GetValue<string>());
            Assert.Equal("air-conditioner", request["productLine"]!.GetValue<string>());
            Assert.Equal(200.5m, request["totalCost"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public async Task Request_fields_are_validated_by_name()
    {
        var other = DomainApi.Id(await _api.CustomerAsync());
        var product = await _api.ProductAsync(other, DomainApi.Id(await _api.ModelAsync()), "2025-01-01");
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/service-requests", new
        {
            customerId = customer,
            installedProductId = DomainApi.Id(product),
            type = "Teleport",
            priority = "Whenever",
            partsCost = 1.005m,
            travelCost = -3,
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["installedProductId", "partsCost", "priority", "symptom", "travelCost", "type"],
            DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ServiceRequestsOnSqlite(SqliteHost host) : ServiceRequestTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ServiceRequestsOnPostgres(PostgresHost host) : ServiceRequestTests(host);
