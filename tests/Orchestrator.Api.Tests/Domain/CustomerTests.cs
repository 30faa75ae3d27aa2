using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class CustomerTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    [Fact]
    public async Task A_customer_is_created_read_listed_updated_and_deleted()
    {
        var code = WorkflowApi.Unique("C");
        var created = await _api.CreatedAsync("/api/customers", new
        {
            code,
            name = "上海华东制冷设备有限公司",
            kind = "Company",
            tier = "Gold",
            region = "East",
            contacts = new[] { new { name = "王伟", phone = "13912345678", primary = true } },
            addresses = new[] { new { label = "总部", city = "上海", line = "浦东新区张江路 100 号", @default = true } },
        });
        var id = DomainApi.Id(created);
        Assert.Equal(1, created["revision"]!.GetValue<int>());

        var byCode = await _api.GetAsync($"/api/customers/{code}");
        Assert.Equal(id, DomainApi.Id(byCode));
        Assert.Equal("王伟", byCode["contacts"]![0]!["name"]!.GetValue<string>());

        var list = await _api.GetAsync($"/api/customers?code={code}&tier=Gold");
        Assert.Equal(1, list["total"]!.GetValue<int>());

        var (status, updated) = await _api.SendAsync(HttpMethod.Put, $"/api/customers/{id}", new { code, name = "华东制冷", tier = "Vip" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Vip", updated["tier"]!.GetValue<string>());
        Assert.Equal(2, updated["revision"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/api/customers/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Get, $"/api/customers/{id}")).Status);
    }

    [Fact]
    public async Task Invalid_fields_are_named_in_the_problem()
    {
        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/customers", new
        {
            name = "",
            tier = "Diamond",
            email = "not-an-email",
            blacklisted = true,
            loyaltyPoints = -5,
            contacts = new[] { new { phone = "1" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("https://orchestrator.dev/problems/bad-request", problem["type"]!.GetValue<string>());
        Assert.Equal(["blacklistReason", "code", "contacts[0].name", "contacts[0].phone", "email", "loyaltyPoints", "name", "tier"],
            DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_code_is_unique()
    {
        var first = await _api.CustomerAsync();
        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/customers", new { code = first["code"]!.GetValue<string>(), name = "x" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.NotNull(problem["errors"]!["code"]);
    }

    [Fact]
    public async Task Lists_page_filter_and_sort_and_refuse_unknown_keys()
    {
        var region = WorkflowApi.Unique("R");
        foreach (var name in new[] { "Carol", "Alice", "Bob" })
            await _api.CustomerAsync(region: region, name: name);
        var page = await _api.GetAsync($"/api/customers?region={region}&sort=-name&pageSize=2");
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal(["Carol", "Bob"], page["items"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var second = await _api.GetAsync($"/api/customers?region={region}&sort=-name&pageSize=2&page=2");
        Assert.Equal("Alice", second["items"]![0]!["name"]!.GetValue<string>());

        var capped = await _api.GetAsync("/api/customers?pageSize=100000");
        Assert.Equal(200, capped["pageSize"]!.GetValue<int>());
        var (status, problem) = await _api.SendAsync(HttpMethod.Get, "/api/customers?sort=salary&tier=Diamond&page=x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["page", "sort", "tier"], DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_trail_with_old_and_new_values()
    {
        var customer = await _api.CustomerAsync(tier: "Silver");
        var id = DomainApi.Id(customer);
        var code = customer["code"]!.GetValue<string>();
        await _api.SendAsync(HttpMethod.Put, $"/api/customers/{id}", new { code, name = customer["name"]!.GetValue<string>(), tier = "Gold", region = "Shanghai", phone = "13800000000" });

        var trail = await _api.GetAsync($"/api/audit?entity=customers&id={id}");
        var entries = trail["items"]!.AsArray();
        Assert.Equal(["Created", "Updated"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("admin", e!["actor"]!.GetValue<string>())); // the default client is the admin
        var changes = entries[1]!["changes"]!.AsArray();
        var tier = Assert.Single(changes);
        Assert.Equal("tier", tier!["field"]!.GetValue<string>());
        Assert.Equal("Silver", tier["old"]!.GetValue<string>());
        Assert.Equal("Gold", tier["new"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/api/customers/{id}")).Status);
        var after = await _api.GetAsync($"/api/audit?entity=Customer&id={id}");
        Assert.Equal("Deleted", after["items"]![2]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Loyalty_points_are_earned_and_redeemed_but_never_below_zero()
    {
        var customer = await _api.CustomerAsync();
        var id = DomainApi.Id(customer);
        var (earned, balance) = await _api.SendAsync(HttpMethod.Post, $"/api/customers/{id}/points", new { change = 300, reason = "Extended warranty purchase" });
        Assert.Equal((HttpStatusCode.OK, 300), (earned, balance["loyaltyPoints"]!.GetValue<int>()));
        var redeemed = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            _api.SendAsync(HttpMethod.Post, $"/api/customers/{customer["code"]}/points", new { change = -100, reason = "Filter cleaning" })));
        Assert.Equal(3, redeemed.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(1, redeemed.Count(r => r.Status == HttpStatusCode.Conflict));
        Assert.Equal(0, (await _api.GetAsync($"/api/customers/{id}"))["loyaltyPoints"]!.GetValue<int>());
        var history = (await _api.Http.GetFromJsonAsync<JsonArray>($"/api/customers/{id}/points"))!;
        Assert.Equal([0, 100, 200, 300], history.Select(h => h!["balance"]!.GetValue<int>()));
        var (bad, problem) = await _api.SendAsync(HttpMethod.Post, $"/api/customers/{id}/points", new { change = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["change", "reason"], DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task The_custom_fields_of_the_installed_base_are_named_by_the_trade()
    {
        var (status, labels) = await _api.SendAsync(HttpMethod.Put, "/api/installed-products/custom-fields",
            new { customField1 = "发动机号 / Engine number", customField2 = "车架号 / Frame number" });
        Assert.Equal(HttpStatusCode.OK, status);
        var read = await _api.GetAsync("/api/installed-products/custom-fields");
        Assert.Equal("车架号 / Frame number", read["customField2"]!.GetValue<string>());
        Assert.Null(read["customField3"]);
        var trail = await _api.GetAsync($"/api/audit?entity=DomainSetting&id=installed-products.custom-fields");
        Assert.NotEqual(0, trail["total"]!.GetValue<int>());
        Assert.Equal("发动机号 / Engine number", labels["customField1"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_revision_is_refused()
    {
        var customer = await _api.CustomerAsync();
        var id = DomainApi.Id(customer);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/customers/{id}")
        {
            Content = JsonContent.Create(new { code = customer["code"]!.GetValue<string>(), name = "Renamed" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var response = await _api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CustomersOnSqlite(SqliteHost host) : CustomerTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CustomersOnPostgres(PostgresHost host) : CustomerTests(host);
