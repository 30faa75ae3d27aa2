using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orchestrator.EngineHost.Features.Scheduling;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.Workflows.Runtime;
using Quartz;

namespace Orchestrator.EngineHost.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>The scheduler's name; nodes sharing a database share it, so a clustered trigger fires on one of them.</summary>
    public const string SchedulerName = "Orchestrator";

    /// <summary>
    /// Quartz.NET with the persistent ADO job store in the application's own database (its tables come
    /// from our migrations) drives workflow timers, unless <c>Scheduling:Quartz</c> is false. SQLite:
    /// one scheduler per file, not clustered; PostgreSQL and SQL Server: clustered, so each trigger
    /// fires on one node. The engine's timer pump stays registered as the safety net.
    /// </summary>
    public static IServiceCollection AddOrchestratorScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        services.AddServiceSchedules();
        if (!options.Quartz)
            return services;

        var provider = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = SchedulerName);
            // Quartz keeps real time even where the engine's TimeProvider is a test's fake clock (the job
            // still compares a timer's due time with the engine's clock; the timer pump fires what it skips)
            q.UseTimeProvider(TimeProvider.System);
            q.UsePersistentStore(store =>
            {
                switch (provider)
                {
                    case DatabaseProvider.Sqlite:
                        store.UseSqlite(d => d.DataSourceFactory = sp => new QuartzSqliteDataSource(ConnectionString(sp),
                            sp.GetRequiredService<DatabaseOptions>().SqliteBusyTimeoutMs));
                        break;
                    case DatabaseProvider.PostgreSql:
                        store.UsePostgres(d => d.DataSourceFactory = sp => NpgsqlDataSource.Create(ConnectionString(sp)));
                        store.UseClustering();
                        break;
                    case DatabaseProvider.SqlServer:
                        store.UseSqlServer(d => d.DataSourceFactory = sp => SqlClientFactory.Instance.CreateDataSource(ConnectionString(sp)));
                        store.UseClustering();
                        break;
                }
                store.UseSystemTextJsonSerializer();
            });
            q.AddServiceScheduleJobs(options);
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            // start the scheduler before the host reports started (Quartz's default waits for that moment): its first,
            // cold transactions then run during boot (QuartzWarmUp waits them out), not in front of the first request
            o.AwaitApplicationStarted = false;
        });
        services.AddHostedService<QuartzWarmUp>();
        services.Replace(ServiceDescriptor.Singleton<ITimerScheduler, QuartzTimerScheduler>());
        return services;
    }

    /// <summary>The connection string the host's DbContext uses (for SQLite, with the path resolved under the content root).</summary>
    private static string ConnectionString(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>().Database.GetConnectionString()
               ?? throw new InvalidOperationException("The Orchestrator database has no connection string for Quartz to use.");
    }
}
