using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Inbox;

/// <summary>Saved inbox views (docs/inbox.md): personal, on the server, shareable with a team.</summary>
public abstract class InboxViewTests(HostFixture host)
{
    [Fact]
    public async Task A_saved_view_round_trips_survives_a_new_session_and_is_shared_with_the_team_read_only()
    {
        var team = (await new DomainApi(host.Client).CreatedAsync("/api/teams",
            new { code = WorkflowApi.Unique("T"), name = "Views team", productLines = new[] { "x" }, regions = new[] { "y" } }))["code"]!.GetValue<string>();
        var annName = WorkflowApi.Unique("ann").ToLowerInvariant();
        using var ann = await host.Factory.CreateUserClientAsync(annName, ["Agent"], [team]);
        using var bob = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("bob").ToLowerInvariant(), ["Agent"], [team]);
        using var eve = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("eve").ToLowerInvariant(), ["Agent"]);

        var created = await ann.PostAsJsonAsync("/api/inbox-views", new
        {
            name = "Urgent repairs",
            filters = new { view = "team", priority = new[] { "high", "urgent" }, type = new[] { "InWarrantyRepair" }, q = "漏水" },
            columns = new[] { "title", "requestNumber", "customerName", "slaRemaining" },
            sort = "-priority",
            sharedWithTeam = team,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = view["id"]!.GetValue<Guid>();

        // a new session of the same user finds it as saved
        using var again = await host.Factory.LoginAsync(annName, $"password-of-{annName}");
        var mine = JsonNode.Parse(await again.GetStringAsync("/api/inbox-views"))!.AsArray();
        var saved = Assert.Single(mine, v => v!["id"]!.GetValue<Guid>() == id)!;
        Assert.Equal(["high", "urgent"], saved["filters"]!["priority"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("漏水", saved["filters"]!["q"]!.GetValue<string>());
        Assert.Equal(["title", "requestNumber", "customerName", "slaRemaining"], saved["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("-priority", saved["sort"]!.GetValue<string>());
        Assert.True(saved["mine"]!.GetValue<bool>());

        // the teammate sees it, cannot change it; someone outside the team does not see it
        var shared = JsonNode.Parse(await bob.GetStringAsync("/api/inbox-views"))!.AsArray();
        Assert.False(Assert.Single(shared, v => v!["id"]!.GetValue<Guid>() == id)!["mine"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PutAsJsonAsync($"/api/inbox-views/{id}", new { name = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.GetAsync($"/api/inbox-views/{id}")).StatusCode);

        var renamed = await ann.PutAsJsonAsync($"/api/inbox-views/{id}", new { name = "Urgent", filters = new { view = "mine" }, columns = new[] { "title" } });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await renamed.Content.ReadAsStringAsync())!["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, (await ann.DeleteAsync($"/api/inbox-views/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/inbox-views/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_view_is_updated_with_its_version_shared_unshared_and_only_its_owner_deletes_it()
    {
        var team = (await new DomainApi(host.Client).CreatedAsync("/api/teams",
            new { code = WorkflowApi.Unique("T"), name = "Edit team", productLines = new[] { "x" }, regions = new[] { "y" } }))["code"]!.GetValue<string>();
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);
        using var bob = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("bob").ToLowerInvariant(), ["Agent"], [team]);
        var view = await WorkflowApi.Ensure(await ann.PostAsJsonAsync("/api/inbox-views", new { name = "Mornings", filters = new { view = "team" } }));
        var id = view["id"]!.GetValue<Guid>();
        async Task<bool> BobSees() => JsonNode.Parse(await bob.GetStringAsync("/api/inbox-views"))!.AsArray().Any(v => v!["id"]!.GetValue<Guid>() == id);
        Assert.False(await BobSees());

        // renamed, given the screen's filters, columns and sort, and shared — at the version the screen showed
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/inbox-views/{id}")
        {
            Content = JsonContent.Create(new
            {
                name = "Team mornings",
                filters = new { view = "team", priority = new[] { "urgent" } },
                columns = new[] { "priority", "dueAt" },
                sort = "-created",
                sharedWithTeam = team,
            }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        var updated = await WorkflowApi.Ensure(await ann.SendAsync(put));
        Assert.Equal(1, updated["version"]!.GetValue<int>());
        Assert.True(await BobSees());
        var seen = JsonNode.Parse(await bob.GetStringAsync($"/api/inbox-views/{id}"))!;
        Assert.Equal("Team mornings", seen["name"]!.GetValue<string>());
        Assert.Equal("-created", seen["sort"]!.GetValue<string>());
        Assert.Equal(["urgent"], seen["filters"]!["priority"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync($"/api/inbox-views/{id}")).StatusCode);

        // a stale screen (version 0) is refused; unsharing at the current version hides it from the teammate again
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/inbox-views/{id}") { Content = JsonContent.Create(new { name = "Stale" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        Assert.Equal(HttpStatusCode.Conflict, (await ann.SendAsync(stale)).StatusCode);
        using var unshare = new HttpRequestMessage(HttpMethod.Put, $"/api/inbox-views/{id}")
        {
            Content = JsonContent.Create(new { name = "Team mornings", filters = new { view = "team" }, sharedWithTeam = (string?)null }),
        };
        unshare.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Null((await WorkflowApi.Ensure(await ann.SendAsync(unshare)))["sharedWithTeam"]);
        Assert.False(await BobSees());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/inbox-views/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.DeleteAsync($"/api/inbox-views/{id}")).StatusCode);
        Assert.DoesNotContain(JsonNode.Parse(await ann.GetStringAsync("/api/inbox-views"))!.AsArray(), v => v!["id"]!.GetValue<Guid>() == id);
    }

    [Fact]
    public async Task A_bad_view_is_400_naming_the_field_and_a_second_view_of_the_same_name_is_409()
    {
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"]);
        var bad = await ann.PostAsJsonAsync("/api/inbox-views", new
        {
            name = "",
            filters = new { view = "all", priority = new[] { "extreme" }, colour = "red" },
            columns = new[] { "title", "shoeSize" },
            sort = "colour",
            sharedWithTeam = "T-NOT-MINE",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["columns", "filters.colour", "filters.priority", "filters.view", "name", "sharedWithTeam", "sort"],
            errors.Select(e => e.Key).Order());

        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync("/api/inbox-views", new { name = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ann.PostAsJsonAsync("/api/inbox-views", new { name = "Mine" })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InboxViewsOnSqlite(SqliteHost host) : InboxViewTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InboxViewsOnPostgres(PostgresHost host) : InboxViewTests(host);
