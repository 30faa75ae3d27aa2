using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>
/// Every SQLite connection runs WAL with a busy timeout, the configured synchronous level and page cache size. The pragmas stay set on
/// the native handle, which Microsoft.Data.Sqlite's pool keeps between opens, so they run once per handle, not at
/// every open (that was four statements before each burst).
/// </summary>
internal sealed class SqlitePragmas(DatabaseOptions options) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _configured = new();
    private readonly ConcurrentDictionary<string, string> _sqlByConnectionString = new();

    private string Sql => $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.SqliteSynchronous}; " +
                          $"PRAGMA busy_timeout={options.SqliteBusyTimeoutMs}; PRAGMA foreign_keys=ON;" +
                          (options.SqliteCacheSizeMb > 0 ? $" PRAGMA cache_size=-{options.SqliteCacheSizeMb * 1024};" : "");

    /// <summary>EF opens a read-only connection to ask whether the file exists: it can only take the timeout.</summary>
    private string SqlFor(DbConnection connection) =>
        _sqlByConnectionString.GetOrAdd(connection.ConnectionString, text =>
            new SqliteConnectionStringBuilder(text).Mode == SqliteOpenMode.ReadOnly ? $"PRAGMA busy_timeout={options.SqliteBusyTimeoutMs};" : Sql);

    /// <summary>True the first time this native handle is seen.</summary>
    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, this);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = SqlFor(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = SqlFor(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
