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
/// <para>
/// One instance's stimuli take effect in the order they were accepted: a dispatch is claimed only when it is
/// the first pending dispatch of its instance (claimed or not, locked by another worker's claim or not), so two
/// workers never run bursts of one instance at once either. The statement first takes the
/// <see cref="CandidatesPerClaim"/> × batch oldest claimable dispatches (on PostgreSQL and SQL Server locked, skipping
/// rows another claim holds), then keeps those whose instance has no earlier pending dispatch — one probe of
/// <c>(instance_id, status, id)</c> per candidate against the whole table, not the candidates only, so a sibling
/// another worker holds still counts. Candidates come from the partial index of pending dispatches
/// (<c>id WHERE status = 0</c>).
/// </para>
/// </summary>
internal static class DispatchClaimer
{
    /// <summary>Candidates looked at per dispatch claimed: room for dispatches that wait on an earlier one of their instance.</summary>
    internal const int CandidatesPerClaim = 4;

    private const string Claimable =
        "status = 0 AND not_before <= @now AND (lease_until IS NULL OR lease_until < @now)";

    // a scalar subquery, not NOT EXISTS: PostgreSQL runs it once per candidate (a SubPlan) and can never turn it
    // into a join over every pending dispatch (what NOT EXISTS became with statistics lagging behind a burst).
    // "status < 1" (pending: statuses are 0, 1, 2) does not imply the pending index's "status = 0", so the probe can
    // only use (instance_id, status, id), never walk the pending dispatches in id order
    private const string FirstOfItsInstance =
        "(SELECT MIN(e.id) FROM workflow_dispatches e WHERE e.instance_id = c.instance_id AND e.status < 1) = c.id";

    private const string Set = "SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1";

    internal const string Sqlite =
        "UPDATE workflow_dispatches " + Set + " WHERE id IN (SELECT c.id FROM " +
        "(SELECT id, instance_id FROM workflow_dispatches WHERE " + Claimable + " ORDER BY id LIMIT @candidates) c " +
        "WHERE " + FirstOfItsInstance + " ORDER BY c.id LIMIT @batch) RETURNING id";

    internal const string PostgreSql =
        "UPDATE workflow_dispatches " + Set + " WHERE id IN (SELECT c.id FROM " +
        "(SELECT id, instance_id FROM workflow_dispatches WHERE " + Claimable + " ORDER BY id LIMIT @candidates FOR UPDATE SKIP LOCKED) c " +
        "WHERE " + FirstOfItsInstance + " ORDER BY c.id LIMIT @batch) RETURNING id";

    internal const string SqlServer =
        "UPDATE workflow_dispatches " + Set + " OUTPUT inserted.id WHERE id IN (SELECT TOP (@batch) c.id FROM " +
        "(SELECT TOP (@candidates) id, instance_id FROM workflow_dispatches WITH (UPDLOCK, READPAST, ROWLOCK) WHERE " + Claimable + " ORDER BY id) c " +
        "WHERE " + FirstOfItsInstance + " ORDER BY c.id);";

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
        await using var command = await CommandAsync(db, SqlFor(db), cancellationToken);
        AddTime(db, command, "now", nameof(DispatchRecord.NotBefore), now);
        AddTime(db, command, "until", nameof(DispatchRecord.LeaseUntil), now + lease);
        Add(command, "owner", owner);
        Add(command, "batch", batch);
        Add(command, "candidates", batch * CandidatesPerClaim);
        var ids = await SqliteWriteGate.AroundAsync(command, async (c, ct) =>
        {
            var read = new List<long>(batch);
            await using var reader = await c.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                read.Add(reader.GetInt64(0));
            return read;
        }, cancellationToken);
        ids.Sort();
        return ids;
    }

    public static async Task ReleaseAsync(DbContext db, long id, DateTimeOffset notBefore, string? error, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, Release, cancellationToken);
        AddTime(db, command, "notBefore", nameof(DispatchRecord.NotBefore), notBefore);
        Add(command, "error", (object?)error ?? DBNull.Value);
        Add(command, "id", id);
        await SqliteWriteGate.AroundAsync(command, (c, ct) => c.ExecuteNonQueryAsync(ct), cancellationToken);
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
