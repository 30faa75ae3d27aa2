using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.Workflows.Persistence;

/// <summary>
/// One writer at a time per SQLite file, handed over in this process in the order writers asked, at once.
/// SQLite lets one connection write at a time; a second one that finds the file locked sleeps in SQLite's busy handler
/// in growing steps (1, 2, 5, 10, 15, 20, 25 … 100 ms) and gets the lock up to one step after it was free — measured
/// 38 ms for a lock free again after 20 ms. Inside one host the writers (the dispatcher's workers, the API's saves, the
/// starts) instead wait here, without holding a thread, and the next one goes as soon as the last one commits. The busy
/// handler still covers other processes and the writes that do not pass through here (Quartz's own connections).
/// <para>
/// A connection enters when it begins a transaction (EF's and our own: every SQLite transaction here is
/// <c>BEGIN IMMEDIATE</c>, a writer's) or runs a writing statement outside one (<see cref="Interceptor"/>), or explicitly
/// (<see cref="EnterAsync"/>, for ADO commands EF does not see). It leaves at commit, rollback, or when the connection
/// closes — whichever comes first; entering again while it holds the gate is a no-op, so a transaction disposed without
/// a rollback (the connection kept open) still leaves at the next one's end or the close.
/// </para>
/// </summary>
public sealed class SqliteWriteGate(TimeSpan wait)
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> ByFile = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, SqliteWriteGate?> ByConnectionString = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<DbConnection, byte> _holders = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The gate of the file this connection opens, once a host's <see cref="Interceptor"/> has seen a connection to it;
    /// null for other databases and hosts without the interceptor.
    /// </summary>
    public static SqliteWriteGate? Of(DbConnection connection) =>
        ByConnectionString.TryGetValue(connection.ConnectionString, out var gate) ? gate : null;

    private static SqliteWriteGate? Register(DbConnection connection, TimeSpan wait) =>
        ByConnectionString.GetOrAdd(connection.ConnectionString, _ =>
            connection.GetType().Name == "SqliteConnection" && connection.DataSource is { Length: > 0 } file && file != ":memory:"
                ? ByFile.GetOrAdd(Path.GetFullPath(file), _ => new SqliteWriteGate(wait))
                : null);

    /// <summary>Whether this connection holds the gate now.</summary>
    public bool Holds(DbConnection connection) => _holders.ContainsKey(connection);

    /// <summary>
    /// Waits for the gate (no longer than the busy timeout: after that the statement goes to SQLite, whose busy handler
    /// answers as it would have without the gate). Nothing when the connection already holds it. True when this call
    /// took the gate (the caller of an ADO command then leaves with <see cref="Exit"/>).
    /// </summary>
    public async ValueTask<bool> EnterAsync(DbConnection connection, CancellationToken cancellationToken) =>
        !Holds(connection) && Took(connection, await _gate.WaitAsync(wait, cancellationToken));

    /// <summary><see cref="EnterAsync"/> for EF's synchronous calls.</summary>
    public bool Enter(DbConnection connection) => !Holds(connection) && Took(connection, _gate.Wait(wait));

    private bool Took(DbConnection connection, bool entered)
    {
        if (entered)
            _holders[connection] = 0;
        return entered;
    }

    /// <summary>
    /// Runs a writing ADO command that EF does not see (the claims) inside its file's gate when it runs outside a
    /// transaction; as is elsewhere.
    /// </summary>
    public static async Task<T> AroundAsync<T>(DbCommand command, Func<DbCommand, CancellationToken, Task<T>> run, CancellationToken cancellationToken)
    {
        var connection = command.Connection!;
        var gate = command.Transaction is null ? Of(connection) : null;
        var entered = gate is not null && await gate.EnterAsync(connection, cancellationToken);
        try
        {
            return await run(command, cancellationToken);
        }
        finally
        {
            if (entered)
                gate!.Exit(connection);
        }
    }

    /// <summary>Lets the next writer go; nothing when the connection does not hold the gate.</summary>
    public void Exit(DbConnection connection)
    {
        if (_holders.TryRemove(connection, out _))
            _gate.Release();
    }

    /// <summary>
    /// Enters the gate for EF's transactions and for writing statements EF runs outside a transaction (ExecuteUpdate,
    /// ExecuteDelete, raw SQL); leaves it at commit, rollback, failure, the statement's end, or the connection's close.
    /// </summary>
    public sealed class Interceptor(TimeSpan wait) : IDbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
    {
        private static bool Writes(DbCommand command) =>
            command.Transaction is null && !command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                                        && !command.CommandText.AsSpan().TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);

        private SqliteWriteGate? GateOf(DbConnection? connection) => connection is null ? null : Register(connection, wait);

        private void Exit(DbConnection? connection)
        {
            if (connection is not null)
                GateOf(connection)?.Exit(connection);
        }

        // transactions (a committed SqliteTransaction no longer knows its connection; the context does)
        private static DbConnection? ConnectionOf(TransactionEventData eventData) =>
            eventData.Context is { } context ? Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(context.Database) : null;

        public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result)
        {
            GateOf(connection)?.Enter(connection);
            return result;
        }

        public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (GateOf(connection) is { } gate)
                await gate.EnterAsync(connection, cancellationToken);
            return result;
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(ConnectionOf(eventData));

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Exit(ConnectionOf(eventData));
            return Task.CompletedTask;
        }

        public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(ConnectionOf(eventData));

        public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Exit(ConnectionOf(eventData));
            return Task.CompletedTask;
        }

        public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ExitUnlessSavepoint(eventData);

        public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            ExitUnlessSavepoint(eventData);
            return Task.CompletedTask;
        }

        /// <summary>A failed commit or rollback ends the transaction; a failed savepoint leaves it to its own end.</summary>
        private void ExitUnlessSavepoint(TransactionErrorEventData eventData)
        {
            if (!eventData.Action.Contains("Savepoint", StringComparison.OrdinalIgnoreCase))
                Exit(ConnectionOf(eventData));
        }

        // the connection's end: a transaction disposed without a rollback ends here at the latest
        public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Exit(connection);
            return result;
        }

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Exit(connection);
            return ValueTask.FromResult(result);
        }

        public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Exit(connection);
            return result;
        }

        public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
        {
            Exit(connection);
            return ValueTask.FromResult(result);
        }

        // writing statements outside a transaction
        private void EnterFor(DbCommand command)
        {
            if (Writes(command) && command.Connection is { } c)
                GateOf(c)?.Enter(c);
        }

        private async ValueTask EnterForAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (Writes(command) && command.Connection is { } c && GateOf(c) is { } gate)
                await gate.EnterAsync(c, cancellationToken);
        }

        private void ExitFor(DbCommand command)
        {
            if (command.Transaction is null)
                Exit(command.Connection);
        }

        public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            EnterFor(command);
            return result;
        }

        public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await EnterForAsync(command, cancellationToken);
            return result;
        }

        public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            ExitFor(command);
            return result;
        }

        public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            ExitFor(command);
            return ValueTask.FromResult(result);
        }

        public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            EnterFor(command);
            return result;
        }

        public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await EnterForAsync(command, cancellationToken);
            return result;
        }

        // a reader's statement (UPDATE … RETURNING) runs until the reader is done with
        public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            ExitFor(command);
            return result;
        }

        public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            EnterFor(command);
            return result;
        }

        public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            await EnterForAsync(command, cancellationToken);
            return result;
        }

        public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            ExitFor(command);
            return result;
        }

        public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
            CancellationToken cancellationToken = default)
        {
            ExitFor(command);
            return ValueTask.FromResult(result);
        }

        public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ExitFor(command);

        public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            ExitFor(command);
            return Task.CompletedTask;
        }
    }
}
