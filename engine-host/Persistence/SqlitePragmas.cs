using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>Every SQLite connection runs WAL with a busy timeout and the configured synchronous level.</summary>
internal sealed class SqlitePragmas(DatabaseOptions options) : DbConnectionInterceptor
{
    private string Sql => $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.SqliteSynchronous}; " +
                          $"PRAGMA busy_timeout={options.SqliteBusyTimeoutMs}; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
