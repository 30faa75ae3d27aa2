using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Identity;

namespace Orchestrator.Api.Tests.Identity;

/// <summary>
/// A host of its own, started without <c>Auth:BootstrapAdminPassword</c> and with the sample data: the admin's generated
/// password on the console, the demo users, and what only a moving clock shows (lockouts and key expiry end).
/// </summary>
public abstract partial class FreshHostTests(FreshHost fresh)
{
    private readonly OrchestratorFactory _factory = fresh.Factory;
    private readonly string _console = fresh.Console;

    [Fact]
    public async Task A_first_start_prints_a_generated_admin_password_once_and_the_samples_add_demo_users()
    {
        var match = GeneratedPassword().Match(_console);
        if (!match.Success)
        {
            using var anonymous = _factory.CreateAnonymousClient();
            var configured = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = OrchestratorFactory.AdminPassword });
            Assert.Fail($"no generated password on the console (the test password answers {(int)configured.StatusCode}):\n{_console}");
        }
        using (var admin = await _factory.LoginAsync("admin", match.Groups[1].Value))
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);

        foreach (var (username, role) in new[] { ("agent1", "Agent"), ("tech1", "Technician"), ("supervisor1", "Supervisor"), ("analyst1", "Analyst") })
        {
            using var demo = await _factory.LoginAsync(username, "demo-password");
            var me = await WorkflowApi.Ensure(await demo.GetAsync("/api/auth/me"));
            Assert.Contains(role, me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        }
        using var tech = await _factory.LoginAsync("tech1", "demo-password");
        var technician = await WorkflowApi.Ensure(await tech.GetAsync("/api/auth/me"));
        Assert.Equal("E001", technician["technicianCode"]!.GetValue<string>());
        Assert.Equal(["T-EAST-AC"], technician["teams"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task A_lockout_ends_by_itself_and_an_api_key_stops_at_its_expiry()
    {
        using var browser = _factory.CreateAnonymousClient();
        Task<HttpResponseMessage> Login(string password) => browser.PostAsJsonAsync("/api/auth/login", new { username = "analyst1", password });
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login("wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login("demo-password")).StatusCode);
        _factory.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await Login("demo-password")).StatusCode);

        using var admin = _factory.CreateClient();
        var created = await WorkflowApi.Ensure(await admin.PostAsJsonAsync("/api/api-keys",
            new { name = "short-lived", roles = new[] { "Agent" }, expiresAt = _factory.Clock.GetUtcNow().AddHours(1) }));
        using var client = _factory.CreateClientWithKey(created["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tasks")).StatusCode);
        _factory.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/tasks")).StatusCode);
    }

    [GeneratedRegex(@"sign in as 'admin' with the password\s+(\S+)")]
    private static partial Regex GeneratedPassword();

}

/// <summary>The fresh host: started once per provider for the tests above, its console captured while it started.</summary>
public abstract class FreshHost(string provider) : IAsyncLifetime
{
    private readonly StringWriter _output = new();
    private TestDatabase _database = null!;

    public OrchestratorFactory Factory { get; private set; } = null!;
    public string Console { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create(provider);
        Factory = new OrchestratorFactory(_database, new Dictionary<string, string?>
        {
            ["Auth:BootstrapAdminPassword"] = null,
            ["Samples:Load"] = "true",
            ["Samples:DemoPassword"] = "demo-password",
        }, services => services.AddSingleton(new OperatorConsole(_output)));
        using (var client = Factory.CreateClient())
            await WorkflowApi.Ensure(await client.GetAsync("/api/auth/me"));
        Console = _output.ToString();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }

}

public sealed class FreshSqliteHost() : FreshHost("Sqlite");

public sealed class FreshPostgresHost() : FreshHost("PostgreSql");

public sealed class FreshHostOnSqlite(FreshSqliteHost fresh) : FreshHostTests(fresh), IClassFixture<FreshSqliteHost>;

public sealed class FreshHostOnPostgres(FreshPostgresHost fresh) : FreshHostTests(fresh), IClassFixture<FreshPostgresHost>;
