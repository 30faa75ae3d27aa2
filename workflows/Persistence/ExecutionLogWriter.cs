using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Orchestrator.Workflows.Persistence;

/// <summary>
/// Writes the execution-log rows of committed bursts with one multi-row INSERT per chunk, on the burst's connection
/// and inside its transaction. The log is most of what a burst writes (a row per activity event); as tracked
/// entities each row was its own statement with <c>RETURNING id</c>. Column names, parameter types and value
/// conversions come from the EF model, so the rows read back exactly as EF wrote them before.
/// </summary>
internal static class ExecutionLogWriter
{
    /// <summary>SQL Server takes at most 2,100 parameters and 1,000 rows per VALUES list.</summary>
    private const int MaxParameters = 2000;

    private static readonly ConcurrentDictionary<(IModel, int), string> Statements = new();

    private static IProperty[] Columns(IEntityType entity) =>
        entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToArray();

    /// <summary>The statement inserting <paramref name="rows"/> rows (parameters @p0 …), for the model's provider.</summary>
    public static string InsertSql(DbContext db, int rows) =>
        Statements.GetOrAdd((db.Model, rows), key =>
        {
            var entity = db.Model.FindEntityType(typeof(ExecutionLogRecord))!;
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = Columns(entity);
            var text = new StringBuilder("INSERT INTO ")
                .Append(sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema()))
                .Append(" (")
                .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())))
                .Append(") VALUES ");
            var n = 0;
            for (var row = 0; row < key.Item2; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                    text.Append(c == 0 ? "" : ", ").Append("@p").Append(n++);
                text.Append(')');
            }
            return text.Append(';').ToString();
        });

    public static async Task InsertAsync(DbContext db, IReadOnlyList<ExecutionLogRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        var entity = db.Model.FindEntityType(typeof(ExecutionLogRecord))!;
        var columns = Columns(entity);
        var mappings = columns.Select(c => (Property: c, Getter: c.GetGetter(), Mapping: (RelationalTypeMapping)c.GetRelationalTypeMapping())).ToArray();
        // SQLite runs in-process: a statement costs no round trip, while a many-row statement is prepared anew for every
        // batch and binds its parameters by name (a linear search each), so one prepared single-row INSERT run per row
        // is cheaper there. Servers get the multi-row statement: one round trip per chunk.
        var inProcess = db.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true;
        var perChunk = inProcess ? 1 : Math.Min(1000, MaxParameters / columns.Length);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var start = 0; start < rows.Count; start += perChunk)
        {
            var count = Math.Min(perChunk, rows.Count - start);
            var text = InsertSql(db, count);
            if (command.CommandText != text)
                command.CommandText = text;
            command.Parameters.Clear();
            var n = 0;
            for (var r = start; r < start + count; r++)
            {
                foreach (var (property, getter, mapping) in mappings)
                    command.Parameters.Add(mapping.CreateParameter(command, "@p" + n++, getter.GetClrValueUsingContainingEntity(rows[r]), property.IsNullable));
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
