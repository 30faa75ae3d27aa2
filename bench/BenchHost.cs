using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.EngineHost;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Benchmarks;

/// <summary>A database the host runs on: provider name and connection string, plus how to make it empty.</summary>
public sealed record BenchDatabase(string Provider, string ConnectionString, string Label)
{
    public static string Root => Path.Combine(Path.GetTempPath(), "orchestrator-bench");

    /// <summary>A new SQLite file (WAL; synchronous is a host setting) in its own folder.</summary>
    public static BenchDatabase Sqlite(string name)
    {
        // Microsoft.Data.Sqlite pools connections per process: a pooled one could still point at a deleted file
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var dir = Path.Combine(Root, name);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return new BenchDatabase("Sqlite", $"Data Source={Path.Combine(dir, "orchestrator.db")}", "SQLite");
    }

    /// <summary>
    /// A fresh database <paramref name="name"/> on the PostgreSQL server of <c>--pg</c> or ORCHESTRATOR_TEST_POSTGRES
    /// (dropped and created again; <c>--pg-database</c> names it instead); null when neither is set.
    /// </summary>
    public static async Task<BenchDatabase?> PostgreSqlAsync(BenchOptions o, string name)
    {
        name = o.String("pg-database") ?? name;
        var admin = o.String("pg") ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
            return null;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 50 };
        return new BenchDatabase("PostgreSql", builder.ConnectionString, "PostgreSQL");
    }

    public string SqliteDirectory => Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource)!;
}

/// <summary>
/// The real host (<see cref="OrchestratorApp.BuildAsync"/>) configured through its command-line
/// settings, with the benchmark's <see cref="Probe"/> added to its DbContext. Kestrel listens on a
/// free loopback port; the dispatcher and the timer pump run as in production.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(WebApplication app, Probe probe, BenchDatabase database)
    {
        App = app;
        Probe = probe;
        Database = database;
    }

    public WebApplication App { get; }
    public Probe Probe { get; }
    public BenchDatabase Database { get; }

    public static Task<BenchHost> BuildAsync(BenchDatabase database, Probe? probe = null, params string[] settings) =>
        BuildAsync(database, probe, null, settings);

    /// <summary>As above, with more services (an interceptor of the benchmark's own) added to the host.</summary>
    public static async Task<BenchHost> BuildAsync(BenchDatabase database, Probe? probe, Action<WebApplicationBuilder>? customize,
        params string[] settings)
    {
        probe ??= new Probe();
        var logs = Path.Combine(BenchDatabase.Root, "logs", "log-.json");
        string[] args =
        [
            $"--Database:Provider={database.Provider}",
            $"--ConnectionStrings:Orchestrator={database.ConnectionString}",
            "--Urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Logging:File:Path={logs}",
            .. settings,
        ];
        var app = await OrchestratorApp.BuildAsync(args, builder =>
        {
            if (database.Provider == "Sqlite")
                builder.Services.ConfigureDbContext<SqliteOrchestratorDbContext>((_, o) => o.AddInterceptors(probe));
            else
                builder.Services.ConfigureDbContext<PostgreSqlOrchestratorDbContext>((_, o) => o.AddInterceptors(probe));
            customize?.Invoke(builder);
        });
        return new BenchHost(app, probe, database);
    }

    public static async Task<BenchHost> StartAsync(BenchDatabase database, Probe? probe = null, params string[] settings)
    {
        var host = await BuildAsync(database, probe, settings);
        await host.App.StartAsync();
        return host;
    }

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Creates and publishes <paramref name="definition"/>; the published version row.</summary>
    public Task<DefinitionRecord> PublishAsync(WorkflowDefinition definition) => ScopeAsync(async sp =>
    {
        var service = sp.GetRequiredService<DefinitionService>();
        if (await service.CreateAsync(definition, "bench", CancellationToken.None) is not DefinitionResult.Ok)
            throw new InvalidOperationException($"could not create {definition.DefinitionId}");
        return await service.PublishAsync(definition.DefinitionId, "bench", "bench", CancellationToken.None) switch
        {
            DefinitionResult.Ok ok => ok.Record,
            DefinitionResult.Invalid invalid => throw new InvalidOperationException(
                "invalid bench flow: " + string.Join("; ", invalid.Errors.Select(e => $"{e.Path}: {e.Message}"))),
            var other => throw new InvalidOperationException($"could not publish {definition.DefinitionId}: {other}"),
        };
    });

    /// <summary>Starts <paramref name="count"/> instances through WorkflowClient and commits them with one SaveChanges.</summary>
    public Task<List<Guid>> StartBatchAsync(DefinitionRecord version, int count, Func<int, JsonObject?>? input = null) => ScopeAsync(async sp =>
    {
        var client = sp.GetRequiredService<WorkflowClient>();
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var started = await client.StartAsync(version.DefinitionId, input?.Invoke(i), null, CancellationToken.None, version: version);
            ids.Add(started!.InstanceId);
        }
        await sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContext>().SaveChangesAsync();
        return ids;
    });

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
