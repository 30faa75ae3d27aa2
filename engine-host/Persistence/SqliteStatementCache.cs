using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>
/// Keeps SQLite's compiled statements for the life of an open connection. Microsoft.Data.Sqlite compiles a command's
/// SQL (<c>sqlite3_prepare_v2</c>) anew for every new command object, and EF Core makes a new command for every
/// execution — so a batch of bursts compiled the same few statements again and again (15 % of a burst's time in a
/// profile of the persisted benchmark). Here EF's command is run through a command of our own, kept per connection
/// and per SQL text, whose compiled statements SQLite resets and rebinds instead of compiling again. The cache goes
/// with the connection's close (Microsoft.Data.Sqlite then finalizes every statement of it), holds at most
/// <see cref="MaxPerConnection"/> texts, and only takes a text on its second use, so one-off SQL is never kept.
/// </summary>
internal sealed class SqliteStatementCache : DbCommandInterceptor
{
    public const int MaxPerConnection = 64;

    /// <summary>A command kept for one SQL text; its statements stay compiled between executions.</summary>
    private sealed class KeptCommand : SqliteCommand
    {
        /// <summary>A reader of it is still open (EF has not disposed it yet).</summary>
        public bool Busy => DataReader is not null;
    }

    private sealed class Statements
    {
        public readonly Dictionary<string, KeptCommand> Commands = new(StringComparer.Ordinal);
        public readonly HashSet<string> SeenOnce = new(StringComparer.Ordinal);

        public void Clear()
        {
            Commands.Clear();
            SeenOnce.Clear();
        }
    }

    private readonly ConditionalWeakTable<SqliteConnection, Statements> _byConnection = new();

    /// <summary>The kept command for this text on this connection, with EF's parameters and transaction; null to let EF run its own.</summary>
    private KeptCommand? Kept(DbCommand command)
    {
        if (command is not SqliteCommand { Connection: { State: ConnectionState.Open } connection } ef)
            return null;
        var statements = _byConnection.GetValue(connection, c =>
        {
            var created = new Statements();
            // Close() finalizes the statements of every command of the connection: forget them with it
            c.StateChange += (_, e) =>
            {
                if (e.CurrentState != ConnectionState.Open) created.Clear();
            };
            return created;
        });
        var text = ef.CommandText;
        if (!statements.Commands.TryGetValue(text, out var kept))
        {
            if (statements.Commands.Count >= MaxPerConnection)
                return null;
            if (statements.SeenOnce.Add(text))
            {
                if (statements.SeenOnce.Count > 4 * MaxPerConnection) statements.SeenOnce.Clear();
                return null;
            }
            kept = new KeptCommand { Connection = connection, CommandText = text };
            statements.Commands.Add(text, kept);
        }
        if (kept.Busy)
            return null;
        kept.Parameters.Clear();
        foreach (SqliteParameter parameter in ef.Parameters)
            kept.Parameters.Add(parameter);
        kept.Transaction = ef.Transaction;
        kept.CommandTimeout = ef.CommandTimeout;
        return kept;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result) =>
        !result.HasResult && Kept(command) is { } kept
            ? InterceptionResult<DbDataReader>.SuppressWithResult(kept.ExecuteReader())
            : result;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        !result.HasResult && Kept(command) is { } kept
            ? InterceptionResult<int>.SuppressWithResult(kept.ExecuteNonQuery())
            : result;

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        !result.HasResult && Kept(command) is { } kept
            ? InterceptionResult<object>.SuppressWithResult(kept.ExecuteScalar()!)
            : result;

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuting(command, eventData, result));
}
