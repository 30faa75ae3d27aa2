using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Identity;

namespace Orchestrator.Api.Tests.Identity;

/// <summary>Sign-in, sessions, antiforgery, users and API keys, on each database.</summary>
public abstract class IdentityTests(HostFixture host)
{
    private OrchestratorFactory Factory => host.Factory;

    private static string Name(string prefix) => WorkflowApi.Unique(prefix).ToLowerInvariant();

    [Fact]
    public async Task A_signed_in_user_sees_who_they_are_and_logging_out_ends_the_session()
    {
        var username = Name("agent");
        using var agent = await Factory.CreateUserClientAsync(username, ["Agent", "Technician"]);

        var me = await WorkflowApi.Ensure(await agent.GetAsync("/api/auth/me"));
        Assert.Equal(username, me["username"]!.GetValue<string>());
        Assert.Equal(["Agent", "Technician"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("en", me["locale"]!.GetValue<string>());
        Assert.Equal("session", me["authenticatedBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/tasks")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await agent.PostAsync("/api/auth/logout", null)).StatusCode);
        var after = await agent.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_bootstrap_admin_signs_in_with_the_configured_password()
    {
        using var admin = await Factory.LoginAsync("admin", OrchestratorFactory.AdminPassword);
        var me = await WorkflowApi.Ensure(await admin.GetAsync("/api/auth/me"));
        Assert.Equal(["Admin"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        // no demo users without the sample data
        using var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "agent1", password = "demo" })).StatusCode);
    }

    [Fact]
    public async Task Api_calls_without_credentials_are_401_problems_never_a_redirect()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        foreach (var (method, path) in new[] { ("GET", "/api/tasks"), ("POST", "/api/instances"), ("GET", "/api/users"), ("GET", "/api/auth/me") })
        {
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "POST" ? JsonContent.Create(new { definitionId = "x" }) : null,
            });
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Null(response.Headers.Location);
            var problem = WorkflowApi.Json(await response.Content.ReadAsStringAsync());
            Assert.Equal("https://orchestrator.dev/problems/unauthorized", problem["type"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem_and_repeated_failures_lock_the_account_for_a_while()
    {
        var username = Name("locked");
        using (await Factory.CreateUserClientAsync(username, ["Agent"])) { }
        using var browser = Factory.CreateAnonymousClient();
        Task<HttpResponseMessage> Login(string password) =>
            browser.PostAsJsonAsync("/api/auth/login", new { username, password });

        var wrong = await Login("not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("The username or password is wrong.", (await ProblemAsync(wrong))["detail"]!.GetValue<string>());
        var missing = await browser.PostAsJsonAsync("/api/auth/login", new { username });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await ProblemAsync(missing))["errors"]!["password"]);

        for (var i = 0; i < 4; i++)
            await Login("still-wrong");
        var locked = await Login($"password-of-{username}");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);

        // an admin's password reset unlocks at once (the lock itself ends after Auth:LockoutDuration: FreshHostTests)
        await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync($"/api/users/{username}/password", new { password = "fresh-password" }));
        Assert.Equal(HttpStatusCode.OK, (await Login("fresh-password")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_their_open_session_ends()
    {
        var username = Name("leaver");
        using var session = await Factory.CreateUserClientAsync(username, ["Agent"]);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/me")).StatusCode);

        await WorkflowApi.Ensure(await host.Client.PostAsync($"/api/users/{username}/deactivate", null));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me")).StatusCode);
        using var anonymous = Factory.CreateAnonymousClient();
        var refused = await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = $"password-of-{username}" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("deactivated", (await ProblemAsync(refused))["detail"]!.GetValue<string>());

        await WorkflowApi.Ensure(await host.Client.PostAsync($"/api/users/{username}/activate", null));
        using var back = await Factory.LoginAsync(username, $"password-of-{username}");
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_browser_needs_the_antiforgery_header_on_writes()
    {
        var username = Name("analyst");
        using var analyst = await Factory.CreateUserClientAsync(username, ["Analyst"]);
        var check = new { text = "1 + 1" };
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsJsonAsync("/api/expressions/check", check)).StatusCode);

        var token = analyst.DefaultRequestHeaders.GetValues(OrchestratorFactory.AntiforgeryHeader).Single();
        analyst.DefaultRequestHeaders.Remove(OrchestratorFactory.AntiforgeryHeader);
        var refused = await analyst.PostAsJsonAsync("/api/expressions/check", check);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("https://orchestrator.dev/problems/antiforgery", (await ProblemAsync(refused))["type"]!.GetValue<string>());

        analyst.DefaultRequestHeaders.Add(OrchestratorFactory.AntiforgeryHeader, "forged" + token);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsJsonAsync("/api/expressions/check", check)).StatusCode);
        // reads need no token; API keys need none either (the default client writes without one)
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/definitions")).StatusCode);
    }

    [Fact]
    public async Task An_api_key_is_shown_once_works_within_its_roles_and_stops_when_revoked()
    {
        var created = await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/api-keys",
            new { name = Name("crm"), roles = new[] { "Integrator" } }));
        var key = created["key"]!.GetValue<string>();
        var id = created["apiKey"]!["id"]!.GetValue<Guid>();
        Assert.StartsWith(created["apiKey"]!["prefix"]!.GetValue<string>(), key);
        Assert.True(key.Length > 40);

        var listed = await host.Client.GetStringAsync("/api/api-keys");
        Assert.DoesNotContain(key, listed);
        var shown = await host.Client.GetStringAsync($"/api/api-keys/{id}");
        Assert.DoesNotContain(key, shown);

        using var integrator = Factory.CreateClientWithKey(key);
        var me = await WorkflowApi.Ensure(await integrator.GetAsync("/api/auth/me"));
        Assert.Equal("apiKey", me["authenticatedBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync("/api/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.PostAsJsonAsync("/api/tasks/" + Guid.NewGuid() + "/complete", new { })).StatusCode);
        var used = await WorkflowApi.Ensure(await host.Client.GetAsync($"/api/api-keys/{id}"));
        Assert.NotNull(used["lastUsedAt"]);

        await WorkflowApi.Ensure(await host.Client.PostAsync($"/api/api-keys/{id}/revoke", null));
        var revoked = await integrator.GetAsync("/api/instances");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClientWithKey(key + "x").GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task An_api_key_needs_a_name_and_known_roles()
    {
        var bad = await host.Client.PostAsJsonAsync("/api/api-keys", new { name = "", roles = new[] { "Wizard" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await ProblemAsync(bad))["errors"]!.AsObject();
        Assert.Equal(["name", "roles"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Admins_manage_users_roles_teams_and_passwords()
    {
        var username = Name("sup");
        using var first = await Factory.CreateUserClientAsync(username, ["Agent"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await first.PostAsync($"/api/service-requests/{Guid.NewGuid()}/audit", null)).StatusCode);

        var bad = await host.Client.PutAsJsonAsync($"/api/users/{username}", new
        {
            displayName = "Sue Pervisor",
            roles = new[] { "Supervisor", "Overlord" },
            teams = new[] { "NO-SUCH-TEAM" },
            timeZone = "Mars/Olympus",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["roles", "teams", "timeZone"], (await ProblemAsync(bad))["errors"]!.AsObject().Select(e => e.Key).Order());

        var changed = await WorkflowApi.Ensure(await host.Client.PutAsJsonAsync($"/api/users/{username}",
            new { displayName = "Sue Pervisor", roles = new[] { "Supervisor" }, locale = "zh-CN" }));
        Assert.Equal(["Supervisor"], changed["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(changed["passwordHash"]);
        // the roles changed: the old session is over, a new one carries the new roles
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/auth/me")).StatusCode);
        using var second = await Factory.LoginAsync(username, $"password-of-{username}");
        var me = await WorkflowApi.Ensure(await second.GetAsync("/api/auth/me"));
        Assert.Equal("zh-CN", me["locale"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await second.PostAsync($"/api/service-requests/{Guid.NewGuid()}/audit", null)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest,
            (await host.Client.PostAsJsonAsync($"/api/users/{username}/password", new { password = "short" })).StatusCode);
        await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync($"/api/users/{username}/password", new { password = "a-new-long-password" }));
        using var anonymous = Factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/auth/login", new { username, password = $"password-of-{username}" })).StatusCode);
        using var third = await Factory.LoginAsync(username, "a-new-long-password");

        var taken = await host.Client.PostAsJsonAsync("/api/users", new { username, displayName = "x", password = "long-enough-1" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var listed = await WorkflowApi.Ensure(await host.Client.GetAsync("/api/users?role=Supervisor&pageSize=200"));
        Assert.Contains(listed["items"]!.AsArray(), u => u!["username"]!.GetValue<string>() == username);
    }

    [Fact]
    public async Task A_session_revoked_through_another_node_is_refused_after_the_check_interval_at_most()
    {
        var username = Name("moved");
        using var session = await Factory.CreateUserClientAsync(username, ["Agent"]);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/me")).StatusCode);

        // another node (or an operator in the database) deactivates the user; this node read the stamp just now
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            await db.Set<UserRecord>().Where(u => u.Username == username)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Active, false).SetProperty(u => u.SecurityStamp, UserRecord.NewStamp()));
        }
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/me")).StatusCode); // trusted for Auth:SessionCheckInterval (5 s)
        Factory.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/tasks")).StatusCode);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_be_deactivated()
    {
        var users = await WorkflowApi.Ensure(await host.Client.GetAsync("/api/users?role=Admin&active=true&pageSize=200"));
        if (users["items"]!.AsArray().Count == 1)
        {
            var refused = await host.Client.PostAsync("/api/users/admin/deactivate", null);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }
        var other = Name("boss");
        using (await Factory.CreateUserClientAsync(other, ["Admin"])) { }
        var demoted = await host.Client.PutAsJsonAsync($"/api/users/{other}", new { displayName = other, roles = new[] { "Agent" } });
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
    }

    internal static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return WorkflowApi.Json(await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class IdentityOnSqlite(SqliteHost host) : IdentityTests(host);

[Collection(PostgresCollection.Name)]
public sealed class IdentityOnPostgres(PostgresHost host) : IdentityTests(host);
