using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>
/// The real host on a real database, configured the way an operator would, with a clock the test moves.
/// Its clients (<c>CreateClient()</c>) act as the admin through the configured <c>Auth:AdminApiKey</c>; see
/// <see cref="CreateClientAsync"/>, <see cref="LoginAsync"/> and <see cref="CreateAnonymousClient"/> for other callers.
/// </summary>
public sealed partial class OrchestratorFactory(TestDatabase database, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    /// <summary>The <c>Auth:AdminApiKey</c> of every test host: the default clients send it.</summary>
    public const string AdminApiKey = "orch_test-admin-key-0123456789abcdefghijklmnop";

    /// <summary>The <c>Auth:BootstrapAdminPassword</c> of every test host (user <c>admin</c>).</summary>
    public const string AdminPassword = "admin-password-for-tests";

    public TestDatabase Database { get; } = database;

    /// <summary>The host's clock: starts at the real time and moves only when the test says so.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting, not ConfigureAppConfiguration: Program reads the provider while it registers services,
        // before configuration added later would be visible
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Provider,
            ["ConnectionStrings:Orchestrator"] = Database.ConnectionString,
            ["Database:SqliteSynchronous"] = "NORMAL",
            ["Logging:File:Path"] = Path.Combine(Path.GetTempPath(), "orchestrator-test-logs", "log-.json"),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Workflows:PollInterval"] = "00:00:00.200",
            ["Scheduling:Quartz"] = "false", // Quartz keeps real time; these hosts move a fake clock (Scheduling tests turn it on)
            ["Auth:AdminApiKey"] = AdminApiKey,
            ["Auth:BootstrapAdminPassword"] = AdminPassword,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
                values.Remove(key); // null: leave the key unset (e.g. no Auth:BootstrapAdminPassword)
            else
                values[key] = value;
        }
        foreach (var (key, value) in values)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            services?.Invoke(s);
        });
    }
}
