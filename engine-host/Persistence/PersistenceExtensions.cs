using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Auditing;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Persistence;

public static class PersistenceExtensions
{
    public const string ConnectionName = "Orchestrator";

    /// <summary>
    /// The context's options are built once (every interceptor is a singleton), not for each context: building them
    /// (provider, warnings, the interceptors one by one, the compiled-model look-up) showed in a profile of the inbox list
    /// request, and <see cref="SqlitePragmas"/>, made with them, forgot the handles it had set up with each context, so
    /// its pragmas ran at every open.
    /// </summary>
    private const ServiceLifetime OptionsOnce = ServiceLifetime.Singleton;

    /// <summary>Registers <see cref="OrchestratorDbContext"/> for the configured provider.</summary>
    public static IServiceCollection AddOrchestratorDatabase(this IServiceCollection services, IConfiguration configuration,
        string contentRoot)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var options = DatabaseOptions.Read(configuration);

        var connectionString = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider != DatabaseProvider.Sqlite)
                throw new OptionsValidationException(ConnectionName, typeof(DatabaseOptions),
                    [$"ConnectionStrings:Orchestrator is empty; the {options.Provider} provider needs one."]);
            connectionString = "Data Source=data/orchestrator.db";
        }

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                SqliteProcessConfig.Apply();
                var sqlite = PrepareSqlite(connectionString, contentRoot);
                var file = new SqliteConnectionStringBuilder(sqlite).DataSource;
                if (!string.IsNullOrEmpty(file) && file != ":memory:")
                    services.AddSingleton(_ => new SqliteSingleHost(file));
                services.AddDbContext<OrchestratorDbContext, SqliteOrchestratorDbContext>((sp, o) => o
                    .UseSqlite(sqlite)
                    .AddInterceptors([
                        new SqlitePragmas(options),
                        // before the statement cache, which runs the statement in its own "executing" step
                        .. options.SqliteWriteGate ? [new SqliteWriteGate.Interceptor(TimeSpan.FromMilliseconds(options.SqliteBusyTimeoutMs))] : Array.Empty<IInterceptor>(),
                        .. options.SqliteStatementCache ? [new SqliteStatementCache()] : Array.Empty<IInterceptor>(),
                        .. Interceptor(sp)]),
                    ServiceLifetime.Scoped, OptionsOnce);
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContext<OrchestratorDbContext, PostgreSqlOrchestratorDbContext>((sp, o) => o
                    .UseNpgsql(PreparePostgreSql(connectionString)).AddInterceptors(Interceptor(sp)), ServiceLifetime.Scoped, OptionsOnce);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<OrchestratorDbContext, SqlServerOrchestratorDbContext>((sp, o) => o
                    .UseSqlServer(connectionString).AddInterceptors(Interceptor(sp)), ServiceLifetime.Scoped, OptionsOnce);
                break;
        }
        services.AddSingleton(options);
        services.AddScoped<DbContext>(sp => sp.GetRequiredService<OrchestratorDbContext>());
        return services;
    }

    /// <summary>Wakes the dispatcher after a commit that wrote a dispatch (absent when the engine is not registered);
    /// writes the domain's audit trail in the same save (absent when the domain records are not registered).</summary>
    private static IInterceptor[] Interceptor(IServiceProvider sp) =>
        [.. sp.GetService<DispatchSignalInterceptor>() is { } dispatch ? [dispatch] : Array.Empty<IInterceptor>(),
            .. sp.GetService<AuditInterceptor>() is { } audit ? [audit] : Array.Empty<IInterceptor>()];

    /// <summary>Relative SQLite paths live under the content root; the folder is created.</summary>
    private static string PrepareSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(source) ? source : Path.Combine(contentRoot, source);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            builder.DataSource = path;
        }
        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>
    /// Npgsql prepares a statement on the server once it has run twice on a connection (unless the connection string
    /// says otherwise with <c>Max Auto Prepare</c>): the engine's few statements run thousands of times, and parsing and
    /// planning each again cost PostgreSQL a third of a burst (docs/benchmarks.md, session 8).
    /// </summary>
    internal static string PreparePostgreSql(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare > 0 || connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
            return connectionString;
        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>Applies pending migrations when <c>Database:Migrate</c> is on.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        // refuse a second host on one SQLite file before touching anything
        services.GetService<SqliteSingleHost>();
        var options = services.GetRequiredService<DatabaseOptions>();
        if (!options.Migrate)
            return;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
