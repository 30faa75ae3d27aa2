using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>The real host on a real database, configured the way an operator would.</summary>
public sealed class OrchestratorFactory(TestDatabase database, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Database:Provider"] = Database.Provider,
                ["ConnectionStrings:Orchestrator"] = Database.ConnectionString,
                ["Logging:File:Path"] = Path.Combine(Path.GetTempPath(), "orchestrator-test-logs", "log-.json"),
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
                values[key] = value;
            config.AddInMemoryCollection(values);
        });
    }

    protected override IHost CreateHost(IHostBuilder builder) => base.CreateHost(builder);
}
