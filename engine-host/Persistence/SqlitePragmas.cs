using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>Every SQLite connection runs WAL with a busy timeout and the configured synchronous level.</summary>
internal sealed class SqlitePragmas(DatabaseOptions options) : DbConnectionInterceptor
{
    private string Sql => $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.SqliteSynchronous}; " +
                          $"PRAGMA busy_timeout={options.SqliteBusyTimeoutMs}; PRAGMA foreign_keys=ON;";

    /// <summary>EF opens a read-only connection to ask whether the file exists: it can only take the timeout.</summary>
    private string SqlFor(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly
            ? $"PRAGMA busy_timeout={options.SqliteBusyTimeoutMs};"
            : Sql;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlFor(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqlFor(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
