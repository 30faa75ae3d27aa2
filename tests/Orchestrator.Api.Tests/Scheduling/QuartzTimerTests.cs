using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.EngineHost.Scheduling;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;
using Quartz;

namespace Orchestrator.Api.Tests.Scheduling;

/// <summary>
/// Workflow timers driven by Quartz.NET's persistent job store in the application's database. The
/// timer tests run their own hosts on the real clock (Quartz's) with the engine's timer pump loop
/// taken out, so a timer that fires can only have been fired by Quartz.
/// </summary>
public abstract class QuartzTimerTests(HostFixture host)
{
    /// <summary>Every table Quartz 4.7.3's ADO job store reads or writes (default prefix).</summary>
    private static readonly string[] QuartzTables =
    [
        "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS", "QRTZ_CRON_TRIGGERS", "QRTZ_EXECUTION_HISTORY", "QRTZ_FIRED_TRIGGERS",
        "QRTZ_JOB_DETAILS", "QRTZ_JOB_STATUS", "QRTZ_LOCKS", "QRTZ_MISFIRE_HISTORY", "QRTZ_PAUSED_JOB_GRPS",
        "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_TRIGGERS",
    ];

    [Fact]
    public async Task The_migrations_create_the_Quartz_tables()
    {
        // the collection's host migrated an empty database (its fake clock keeps Quartz off)
        Assert.Equal(QuartzTables, await QuartzTablesAsync(host.Factory));
        Assert.IsType<TimerPump>(host.Factory.Services.GetRequiredService<ITimerScheduler>());
    }

    [Fact]
    public async Task Migrating_down_past_Quartz_drops_its_tables_and_up_again_restores_them()
    {
        await using var database = TestDatabase.Create(host.Provider);
        await using var factory = new OrchestratorFactory(database);
        Assert.Equal(QuartzTables, await QuartzTablesAsync(factory));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_Quartz", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
        }
        Assert.Empty(await QuartzTablesAsync(factory));

        await factory.Services.MigrateDatabaseAsync();
        Assert.Equal(QuartzTables, await QuartzTablesAsync(factory));
    }

    [Fact]
    public async Task A_delay_completes_when_Quartz_fires_its_timer()
    {
        await using var database = TestDatabase.Create(host.Provider);
        await using var factory = QuartzOnlyHost(database);
        var api = new WorkflowApi(factory.CreateClient(), factory);
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.IsType<QuartzTimerScheduler>(factory.Services.GetRequiredService<ITimerScheduler>());
        var metadata = await scheduler.GetMetadata();
        Assert.Equal(SchedulingExtensions.SchedulerName, metadata.SchedulerName);
        Assert.True(metadata.JobStorePersistent); // the ADO store, which validated our tables when it started
        Assert.Equal(host.Provider != "Sqlite", metadata.JobStoreClustered);
        var id = WorkflowApi.Unique("qdelay");
        await api.PublishAsync(DelayFlow(id, "PT1S"));

        var started = DateTimeOffset.UtcNow;
        var instance = await api.StartAsync(id);
        var timer = await TimerAsync(factory, instance);
        await api.WaitForAsync(instance, "Completed");

        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "The timer fired before its time.");
        Assert.Contains("after:Done", await api.TraceAsync(instance));
        // Quartz ran the job, and removes a one-shot trigger once its job returned
        await WaitUntil(async () => (await scheduler.GetMetadata()).JobsExecuted == 1,
            async () => $"Quartz reports {(await scheduler.GetMetadata()).JobsExecuted} jobs executed; trigger rows left: {await TriggerRowsAsync(database, timer.Id)}");
        await WaitUntil(async () => await TriggerRowsAsync(database, timer.Id) == 0);
    }

    [Fact]
    public async Task A_timer_due_while_the_host_was_down_fires_when_it_starts_again()
    {
        await using var database = TestDatabase.Create(host.Provider);
        var id = WorkflowApi.Unique("qdown");
        Guid instance;
        BookmarkRecord timer;
        await using (var first = QuartzOnlyHost(database))
        {
            var api = new WorkflowApi(first.CreateClient(), first);
            await api.PublishAsync(DelayFlow(id, "PT2S"));
            instance = await api.StartAsync(id);
            timer = await TimerAsync(first, instance);
            await WaitUntil(async () => await TriggerRowsAsync(database, timer.Id) == 1);
        }

        // the host is down before the timer is due; its Quartz trigger waits in the database
        var due = timer.DueAt!.Value;
        Assert.True(DateTimeOffset.UtcNow < due, "The host went down after the timer was due; the test proves nothing.");
        Assert.Equal(1, await TriggerRowsAsync(database, timer.Id));
        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, await TriggerRowsAsync(database, timer.Id));

        await using var second = QuartzOnlyHost(database);
        var secondApi = new WorkflowApi(second.CreateClient(), second);
        await secondApi.WaitForAsync(instance, "Completed");

        Assert.Contains("after:Done", await secondApi.TraceAsync(instance));
        var scheduler = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await WaitUntil(async () => (await scheduler.GetMetadata()).JobsExecuted == 1);
        await WaitUntil(async () => await TriggerRowsAsync(database, timer.Id) == 0);
    }

    private static System.Text.Json.Nodes.JsonObject DelayFlow(string id, string duration) => Flows.Flow(id,
        [
            Flows.A("start", "Start"), Flows.A("wait", "Delay", new() { ["duration"] = duration }),
            Flows.A("after", "Log", new() { ["message"] = "later" }),
        ],
        "start.Done→wait", "wait.Done→after");

    /// <summary>
    /// A host on the real clock with Quartz on and the timer pump's loop left out (its one-shot
    /// <see cref="TimerPump.FireDueAsync"/> stays callable), so only Quartz fires timers.
    /// </summary>
    private static OrchestratorFactory QuartzOnlyHost(TestDatabase database) =>
        new(database, new Dictionary<string, string?> { ["Scheduling:Quartz"] = "true" }, services: s =>
        {
            TestActivities.Register(s);
            s.AddSingleton(TimeProvider.System);
            for (var i = 0; i < s.Count; i++)
            {
                if (s[i].ServiceType != typeof(IHostedService) || s[i].IsKeyedService || s[i].ImplementationFactory is not { } factory)
                    continue;
                s[i] = ServiceDescriptor.Singleton<IHostedService>(sp =>
                    factory(sp) is var service && service is TimerPump ? new NoLoop() : (IHostedService)service);
            }
        });

    private sealed class NoLoop : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static async Task<BookmarkRecord> TimerAsync(OrchestratorFactory factory, Guid instance)
    {
        BookmarkRecord? timer = null;
        await WaitUntil(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            timer = await db.Set<BookmarkRecord>().AsNoTracking().FirstOrDefaultAsync(b => b.InstanceId == instance && b.DueAt != null);
            return timer is not null;
        });
        return timer!;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
                Assert.Fail($"The condition did not become true within 20 s. {(state is null ? "" : await state())}");
            await Task.Delay(20);
        }
    }

    /// <summary>Quartz's trigger rows for a timer, read straight from the database (no host needed).</summary>
    private static async Task<long> TriggerRowsAsync(TestDatabase database, Guid bookmarkId) =>
        Convert.ToInt64(await ScalarAsync(database, "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = @name AND TRIGGER_GROUP = @group",
            ("name", bookmarkId.ToString()), ("group", QuartzTimerScheduler.Group)));

    private static async Task<List<string>> QuartzTablesAsync(OrchestratorFactory factory)
    {
        var sql = factory.Database.Provider == "Sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(name) LIKE 'QRTZ!_%' ESCAPE '!'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND upper(table_name) LIKE 'QRTZ!_%' ESCAPE '!'";
        var names = new List<string>();
        await using var scope = factory.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0).ToUpperInvariant());
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static async Task<object?> ScalarAsync(TestDatabase database, string sql, params (string Name, object Value)[] parameters)
    {
        await using DbConnection connection = database.Provider == "Sqlite"
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteScalarAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QuartzTimersOnSqlite(SqliteHost host) : QuartzTimerTests(host);

[Collection(PostgresCollection.Name)]
public sealed class QuartzTimersOnPostgres(PostgresHost host) : QuartzTimerTests(host);
