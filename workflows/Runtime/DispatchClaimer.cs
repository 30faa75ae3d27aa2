using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Claims pending dispatches with a lease, in one statement per provider: PostgreSQL
/// <c>FOR UPDATE SKIP LOCKED</c>, SQL Server <c>UPDLOCK, READPAST</c>, SQLite (one writer at a time)
/// a plain conditional update. A lease only keeps two workers from wasting effort; correctness rests
/// on the compare-and-swap of the instance and the dispatch rows.
/// </summary>
internal static class DispatchClaimer
{
    private const string Where =
        "status = 0 AND not_before <= @now AND (lease_until IS NULL OR lease_until < @now)";

    internal const string Sqlite =
        "UPDATE workflow_dispatches SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
        "WHERE id IN (SELECT id FROM workflow_dispatches WHERE " + Where + " ORDER BY id LIMIT @batch) RETURNING id";

    internal const string PostgreSql =
        "UPDATE workflow_dispatches SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
        "WHERE id IN (SELECT id FROM workflow_dispatches WHERE " + Where + " ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED) RETURNING id";

    internal const string SqlServer =
        "WITH next AS (SELECT TOP (@batch) id, lease_owner, lease_until, attempts FROM workflow_dispatches " +
        "WITH (UPDLOCK, READPAST, ROWLOCK) WHERE " + Where + " ORDER BY id) " +
        "UPDATE next SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 OUTPUT inserted.id;";

    /// <summary>Gives a claimed dispatch back at once (a lost compare-and-swap): it is claimable again from <paramref name="notBefore"/>.</summary>
    internal const string Release =
        "UPDATE workflow_dispatches SET lease_owner = NULL, lease_until = NULL, not_before = @notBefore, error = @error WHERE id = @id AND status = 0";

    public static string SqlFor(DbContext db) => db.Database.ProviderName switch
    {
        { } p when p.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => Sqlite,
        { } p when p.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) => PostgreSql,
        { } p when p.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) => SqlServer,
        var p => throw new NotSupportedException($"No dispatch claim for provider {p}."),
    };

    public static async Task<List<long>> ClaimAsync(DbContext db, string owner, DateTimeOffset now, TimeSpan lease, int batch,
        CancellationToken cancellationToken)
    {
        var ids = new List<long>(batch);
        await using var command = await CommandAsync(db, SqlFor(db), cancellationToken);
        AddTime(db, command, "now", nameof(DispatchRecord.NotBefore), now);
        AddTime(db, command, "until", nameof(DispatchRecord.LeaseUntil), now + lease);
        Add(command, "owner", owner);
        Add(command, "batch", batch);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetInt64(0));
        ids.Sort();
        return ids;
    }

    public static async Task ReleaseAsync(DbContext db, long id, DateTimeOffset notBefore, string? error, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, Release, cancellationToken);
        AddTime(db, command, "notBefore", nameof(DispatchRecord.NotBefore), notBefore);
        Add(command, "error", (object?)error ?? DBNull.Value);
        Add(command, "id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<DbCommand> CommandAsync(DbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Times go in exactly as EF stores them (SQLite keeps them as numbers that sort in time order).</summary>
    private static void AddTime(DbContext db, DbCommand command, string name, string property, DateTimeOffset value)
    {
        var mapping = db.Model.FindEntityType(typeof(DispatchRecord))!.FindProperty(property)!.GetTypeMapping();
        Add(command, name, mapping.Converter?.ConvertToProvider(value) ?? value);
    }
}
