using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Orchestrator.EngineHost.Scheduling;

/// <summary>
/// Quartz's connections to the application's SQLite file. They wait for the file's write lock inside SQLite
/// (<c>busy_timeout</c>, as the host's own connections do): without it Microsoft.Data.Sqlite answers a busy file by
/// sleeping 150 ms and trying again, and the scheduler then takes the lock at a random moment later, in front of a
/// request that was waiting for it.
/// </summary>
internal sealed class QuartzSqliteDataSource(string connectionString, int busyTimeoutMs) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.StateChange += (_, change) =>
        {
            if (change is not { CurrentState: ConnectionState.Open, OriginalState: not ConnectionState.Open })
                return;
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout={busyTimeoutMs};";
            command.ExecuteNonQuery();
        };
        return connection;
    }
}
