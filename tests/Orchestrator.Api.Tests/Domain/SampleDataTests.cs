using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Samples;

namespace Orchestrator.Api.Tests.Domain;

public abstract class SampleDataTests(HostFixture host)
{
    [Fact]
    public async Task A_first_start_with_Samples_Load_fills_an_empty_database_once()
    {
        await using var database = TestDatabase.Create(host.Provider);
        var settings = new Dictionary<string, string?> { ["Samples:Load"] = "true" };
        await using (var first = new OrchestratorFactory(database, settings))
        {
            var api = new DomainApi(first.CreateClient());
            async Task<int> Total(string path) => (await api.GetAsync(path))["total"]!.GetValue<int>();
            Assert.True(await Total("/api/customers") >= 200);
            Assert.True(await Total("/api/installed-products") >= 500);
            Assert.True(await Total("/api/knowledge?status=Published") >= 30);
            Assert.Equal(3, await Total("/api/teams"));
            Assert.Equal(10, await Total("/api/technicians"));
            Assert.Equal(2, await Total("/api/warehouses"));
            Assert.True(await Total("/api/pm-plans") >= 30);
            Assert.True(await Total("/api/parts/stock?locationKind=Van") > 0);
            var versions = (await api.Http.GetFromJsonAsync<JsonArray>("/api/sla-policies/default/versions"))!;
            Assert.Equal(2, versions.Count);

            var hits = (await api.Http.GetFromJsonAsync<JsonArray>($"/api/knowledge/search?q={Uri.EscapeDataString("空调开着但是不制冷")}&top=3"))!;
            Assert.NotEmpty(hits);
            var assignment = (await api.SendAsync(HttpMethod.Post, "/api/teams/assign",
                new { productLine = "air-conditioner", region = "Shanghai", requiredSkills = new[] { "refrigerant" } })).Body;
            Assert.Equal("T-EAST-AC", assignment["teamCode"]!.GetValue<string>());
        }

        await using var second = new OrchestratorFactory(database, settings);
        var again = new DomainApi(second.CreateClient());
        var customers = (await again.GetAsync("/api/customers"))["total"]!.GetValue<int>();
        await second.Services.SeedSamplesAsync();
        Assert.Equal(customers, (await again.GetAsync("/api/customers"))["total"]!.GetValue<int>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SampleDataOnSqlite(SqliteHost host) : SampleDataTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SampleDataOnPostgres(PostgresHost host) : SampleDataTests(host);
