using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.EngineHost.Scheduling;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Runtime;
using Quartz;
using Quartz.Impl.AdoJobStore;
using Quartz.Impl.AdoJobStore.Common;

namespace Orchestrator.Api.Tests.Scheduling;

/// <summary>
/// How Quartz is configured for each database, read from the container without connecting (creating
/// the scheduler would: it validates its tables), so SQL Server is covered too.
/// </summary>
public sealed class QuartzConfigurationTests
{
    private static ServiceProvider Services(string provider, string connectionString, string contentRoot, bool? quartz = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Orchestrator"] = connectionString,
        };
        if (quartz is not null)
            settings["Scheduling:Quartz"] = quartz.Value ? "true" : "false";
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddOrchestratorDatabase(config, contentRoot)
            .AddWorkflows().AddOrchestratorScheduling(config).BuildServiceProvider();
    }

    [Theory]
    [InlineData("PostgreSql", "Host=unreachable.invalid;Database=orchestrator;Username=app", typeof(PostgreSQLDelegate))]
    [InlineData("SqlServer", "Server=unreachable.invalid;Database=orchestrator;Connect Timeout=1", typeof(SqlServerDelegate))]
    public void PostgreSQL_and_SQL_Server_run_a_clustered_store_on_the_application_connection_string(string provider, string connectionString,
        Type driverDelegate)
    {
        using var services = Services(provider, connectionString, Path.GetTempPath());

        Assert.True(services.GetRequiredService<IOptions<ClusteringOptions>>().Value.Enabled);
        Assert.IsType(driverDelegate, services.GetRequiredService<IDriverDelegate>());
        using var connection = services.GetRequiredService<IDbProvider>().CreateConnection();
        Assert.Contains("unreachable.invalid", connection.ConnectionString);
        Assert.IsType<QuartzTimerScheduler>(services.GetRequiredService<ITimerScheduler>());
    }

    [Fact]
    public void SQLite_runs_an_unclustered_store_on_the_file_the_host_resolved()
    {
        var root = Directory.CreateTempSubdirectory("orchestrator-quartz-").FullName;
        try
        {
            using var services = Services("Sqlite", "Data Source=data/app.db", root);

            Assert.False(services.GetRequiredService<IOptions<ClusteringOptions>>().Value.Enabled);
            Assert.IsType<SQLiteDelegate>(services.GetRequiredService<IDriverDelegate>());
            using var connection = services.GetRequiredService<IDbProvider>().CreateConnection();
            Assert.IsType<SqliteConnection>(connection);
            Assert.Equal(Path.Combine(root, "data", "app.db"), new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource);
            Assert.IsType<QuartzTimerScheduler>(services.GetRequiredService<ITimerScheduler>());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Scheduling_Quartz_false_leaves_timers_to_the_timer_pump()
    {
        using var services = Services("Sqlite", "Data Source=:memory:", Path.GetTempPath(), quartz: false);

        Assert.IsType<TimerPump>(services.GetRequiredService<ITimerScheduler>());
        Assert.Null(services.GetService<ISchedulerFactory>());
    }
}
