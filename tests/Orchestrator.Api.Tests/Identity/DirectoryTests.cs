using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Identity;

/// <summary>GET /api/directory: what the designer's user, team and role pickers offer an analyst.</summary>
public abstract class DirectoryTests(HostFixture host)
{
    private OrchestratorFactory Factory => host.Factory;

    [Fact]
    public async Task An_analyst_finds_active_users_teams_and_roles_by_part_of_their_name()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var analyst = await Factory.CreateUserClientAsync($"analyst-{tag}", ["Analyst"]);
        using (await Factory.CreateUserClientAsync($"wang-{tag}", ["Technician", "Agent"])) { }
        using (await Factory.CreateUserClientAsync($"gone-{tag}", ["Agent"])) { }
        var admin = host.Client;
        await WorkflowApi.Ensure(await admin.PostAsync($"/api/users/gone-{tag}/deactivate", null));
        await WorkflowApi.Ensure(await admin.PostAsJsonAsync("/api/teams",
            new { code = $"T-{tag}", name = $"浦东空调组 {tag}", productLines = new[] { "ac" }, regions = new[] { "Pudong" } }));

        var users = await ListAsync(analyst, $"/api/directory?kind=user&q={tag.ToUpperInvariant()}");
        Assert.Equal([$"analyst-{tag}", $"wang-{tag}"], users.Select(u => u!["id"]!.GetValue<string>()));
        var wang = users.Single(u => u!["id"]!.GetValue<string>() == $"wang-{tag}")!;
        Assert.Equal("user", wang["kind"]!.GetValue<string>());
        Assert.Equal("Technician, Agent", wang["detail"]!.GetValue<string>());

        var teams = await ListAsync(analyst, $"/api/directory?kind=team&q=浦东空调组 {tag}");
        var team = Assert.Single(teams)!;
        Assert.Equal($"T-{tag}", team["id"]!.GetValue<string>());
        Assert.Equal($"浦东空调组 {tag}", team["name"]!.GetValue<string>());
        Assert.Equal("Pudong", team["detail"]!.GetValue<string>());

        Assert.Equal(["Analyst"], (await ListAsync(analyst, "/api/directory?kind=role&q=ana")).Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(6, (await ListAsync(analyst, "/api/directory?kind=ROLE")).Count);
        Assert.Equal(2, (await ListAsync(analyst, "/api/directory?kind=role&limit=2")).Count);
    }

    [Fact]
    public async Task A_bad_kind_or_limit_is_a_400_naming_the_field_and_an_integrator_may_not_look()
    {
        using var agent = await Factory.CreateClientAsync("Agent");
        foreach (var (query, field) in new[] { ("", "kind"), ("?kind=customer", "kind"), ("?kind=user&limit=0", "limit"), ("?kind=team&limit=101", "limit") })
        {
            var response = await agent.GetAsync("/api/directory" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await IdentityTests.ProblemAsync(response);
            Assert.NotNull(problem["errors"]![field]);
        }
        using var integrator = await Factory.CreateClientAsync("Integrator");
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync("/api/directory?kind=user")).StatusCode);
    }

    private static async Task<JsonArray> ListAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DirectoryOnSqlite(SqliteHost host) : DirectoryTests(host);

[Collection(PostgresCollection.Name)]
public sealed class DirectoryOnPostgres(PostgresHost host) : DirectoryTests(host);
