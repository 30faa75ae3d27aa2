using System.Net;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class InstalledProductTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    [Fact]
    public async Task A_serial_number_is_registered_once_whatever_its_case()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var model = DomainApi.Id(await _api.ModelAsync());
        var serial = WorkflowApi.Unique("ab");
        var product = await _api.ProductAsync(customer, model, "2025-03-01", serialNumber: serial.ToLowerInvariant());
        Assert.Equal(serial.ToUpperInvariant(), product["serialNumber"]!.GetValue<string>());

        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/installed-products",
            new { serialNumber = $" {serial.ToUpperInvariant()} ", customerId = customer, modelId = model, saleDate = "2025-04-01" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.NotNull(problem["errors"]!["serialNumber"]);

        var byKey = await _api.GetAsync($"/api/installed-products/{serial.ToLowerInvariant()}");
        Assert.Equal(DomainApi.Id(product), DomainApi.Id(byKey));
    }

    [Fact]
    public async Task Parallel_registrations_of_one_serial_number_leave_one_product()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var model = DomainApi.Id(await _api.ModelAsync());
        var serial = WorkflowApi.Unique("PAR");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _api.SendAsync(HttpMethod.Post, "/api/installed-products",
            new { serialNumber = serial, customerId = customer, modelId = model, saleDate = "2025-04-01" })));
        Assert.Equal(1, responses.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
    }

    [Fact]
    public async Task Invalid_product_fields_are_named()
    {
        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/installed-products", new
        {
            serialNumber = "#",
            modelId = Guid.NewGuid(),
            saleDate = "2025-05-01",
            acceptanceDate = "2025-04-01",
            exclusions = new[] { "Sunburn" },
            customField3 = new string('x', 101),
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["acceptanceDate", "customField3", "customerId", "exclusions", "modelId", "serialNumber"],
            DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("2025-01-08", "Return", 7)]
    [InlineData("2025-01-09", "Exchange", 8)]
    [InlineData("2025-01-31", "Exchange", 30)]
    [InlineData("2025-02-01", "FreeRepair", 31)]
    [InlineData("2026-01-01", "FreeRepair", 365)]
    [InlineData("2026-01-02", "PaidRepair", 366)]
    [InlineData("2024-12-31", "NotCovered", -1)]
    public async Task The_warranty_answer_follows_the_day_count_from_the_sale(string at, string remedy, int days)
    {
        var product = await _api.ProductAsync(DomainApi.Id(await _api.CustomerAsync()), DomainApi.Id(await _api.ModelAsync()), "2025-01-01");
        var answer = await _api.GetAsync($"/api/installed-products/{product["serialNumber"]}/warranty?at={at}");
        Assert.Equal(remedy, answer["remedy"]!.GetValue<string>());
        Assert.Equal(days, answer["daysSinceStart"]!.GetValue<int>());
        Assert.Equal("2026-01-01", answer["warrantyEnd"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(answer["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_warranty_starts_at_acceptance_and_an_exclusion_voids_it()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var model = DomainApi.Id(await _api.ModelAsync(warrantyMonths: 24));
        var accepted = await _api.ProductAsync(customer, model, "2025-01-01", acceptanceDate: "2025-02-01");
        var answer = await _api.GetAsync($"/api/installed-products/{accepted["serialNumber"]}/warranty?at=2025-02-08");
        Assert.Equal(("Return", 7, "2027-02-01"), (answer["remedy"]!.GetValue<string>(), answer["daysSinceStart"]!.GetValue<int>(),
            answer["warrantyEnd"]!.GetValue<string>()));

        var misused = await _api.ProductAsync(customer, model, "2025-01-01", exclusions: ["Misuse"]);
        var refused = await _api.GetAsync($"/api/installed-products/{misused["serialNumber"]}/warranty?at=2025-06-01");
        Assert.Equal("NotCovered", refused["remedy"]!.GetValue<string>());
        Assert.Equal("Misuse", refused["reasonCode"]!.GetValue<string>());
        Assert.Contains("manual", refused["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_contract_that_extends_the_warranty_covers_until_its_end()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var contract = await _api.CreatedAsync("/api/service-contracts", new
        {
            code = WorkflowApi.Unique("SC"),
            customerId = customer,
            level = "Premium",
            coverage = new[] { "Parts", "Labour", "ExtendedWarranty" },
            startDate = "2025-01-01",
            endDate = "2027-06-30",
        });
        var product = await _api.ProductAsync(customer, DomainApi.Id(await _api.ModelAsync()), "2025-01-01", contractId: DomainApi.Id(contract));
        Assert.Equal("2027-06-30", product["warrantyEnd"]!.GetValue<string>());
        var last = await _api.GetAsync($"/api/installed-products/{product["serialNumber"]}/warranty?at=2027-06-30");
        Assert.Equal(("FreeRepair", "WithinContract"), (last["remedy"]!.GetValue<string>(), last["reasonCode"]!.GetValue<string>()));
        var after = await _api.GetAsync($"/api/installed-products/{product["serialNumber"]}/warranty?at=2027-07-01");
        Assert.Equal("PaidRepair", after["remedy"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_warranty_endpoint_names_a_bad_date_and_an_unknown_serial()
    {
        var product = await _api.ProductAsync(DomainApi.Id(await _api.CustomerAsync()), DomainApi.Id(await _api.ModelAsync()), "2025-01-01");
        var (status, problem) = await _api.SendAsync(HttpMethod.Get, $"/api/installed-products/{product["serialNumber"]}/warranty?at=2025-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["at"], DomainApi.Fields(problem));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, "/api/installed-products/NO-SUCH-SERIAL/warranty")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InstalledProductsOnSqlite(SqliteHost host) : InstalledProductTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InstalledProductsOnPostgres(PostgresHost host) : InstalledProductTests(host);
