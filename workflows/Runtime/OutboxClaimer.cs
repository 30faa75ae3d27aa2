using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Claims due outbox rows in one statement per provider (PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, SQL Server
/// <c>UPDLOCK, READPAST</c>, SQLite a plain conditional update): the claim moves <c>next_attempt_at</c> one
/// lease ahead and counts the attempt, so a process that dies mid-delivery leaves the row due again later.
/// </summary>
public static class OutboxClaimer
{
    private const string Due = "status = 'Pending' AND next_attempt_at <= @now";

    public const string Sqlite =
        "UPDATE workflow_outbox SET next_attempt_at = @until, attempts = attempts + 1 " +
        "WHERE id IN (SELECT id FROM workflow_outbox WHERE " + Due + " ORDER BY next_attempt_at LIMIT @batch) RETURNING id";

    public const string PostgreSql =
        "UPDATE workflow_outbox SET next_attempt_at = @until, attempts = attempts + 1 " +
        "WHERE id IN (SELECT id FROM workflow_outbox WHERE " + Due + " ORDER BY next_attempt_at LIMIT @batch FOR UPDATE SKIP LOCKED) RETURNING id";

    public const string SqlServer =
        "WITH next AS (SELECT TOP (@batch) id, next_attempt_at, attempts FROM workflow_outbox WITH (UPDLOCK, READPAST, ROWLOCK) " +
        "WHERE " + Due + " ORDER BY next_attempt_at) " +
        "UPDATE next SET next_attempt_at = @until, attempts = attempts + 1 OUTPUT inserted.id;";

    public static string SqlFor(DbContext db) => db.Database.ProviderName switch
    {
        { } p when p.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => Sqlite,
        { } p when p.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) => PostgreSql,
        { } p when p.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) => SqlServer,
        var p => throw new NotSupportedException($"No outbox claim for provider {p}."),
    };

    public static async Task<List<Guid>> ClaimAsync(DbContext db, DateTimeOffset now, TimeSpan lease, int batch, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = SqlFor(db);
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        AddTime(db, command, "now", now);
        AddTime(db, command, "until", now + lease);
        Add(command, "batch", batch);
        return await SqliteWriteGate.AroundAsync(command, async (c, token) =>
        {
            var ids = new List<Guid>(batch);
            await using var reader = await c.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
                ids.Add(reader.GetGuid(0));
            return ids;
        }, ct);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Times go in exactly as EF stores them (SQLite keeps them as numbers that sort in time order).</summary>
    private static void AddTime(DbContext db, DbCommand command, string name, DateTimeOffset value)
    {
        var mapping = db.Model.FindEntityType(typeof(OutboxRecord))!.FindProperty(nameof(OutboxRecord.NextAttemptAt))!.GetTypeMapping();
        Add(command, name, mapping.Converter?.ConvertToProvider(value) ?? value);
    }
}
