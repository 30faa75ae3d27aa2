using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Benchmarks;

/// <summary>What one committed transaction of the host carried, as far as the benchmarks care.</summary>
public sealed record CommitSeen(
    long Timestamp,
    DateTimeOffset At,
    IReadOnlyList<(Guid Id, InstanceStatus Status)> Instances,
    IReadOnlyList<(Guid Id, Guid InstanceId)> OpenTasks,
    IReadOnlyList<(Guid InstanceId, DateTimeOffset DueAt)> Timers,
    IReadOnlyList<(Guid InstanceId, DispatchKind Kind)> Dispatches);

/// <summary>
/// Watches the host's DbContexts from the outside (an EF interceptor added by the benchmark, no engine
/// code touched): every committed transaction is reported with the instances, tasks, timers and
/// dispatches its SaveChanges calls wrote (taken at each SaveChanges: a group commit clears the change
/// tracker between bursts); on SQLite every physical commit is counted with sqlite3_commit_hook;
/// EF commands are counted, and optionally recorded with their time (the cold-start timeline).
/// </summary>
public sealed class Probe : IDbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor, ISaveChangesInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Seen> _pending = new();

    private sealed class Seen
    {
        public readonly List<(Guid, InstanceStatus)> Instances = [];
        public readonly List<(Guid, Guid)> Tasks = [];
        public readonly List<(Guid, DateTimeOffset)> Timers = [];
        public readonly List<(Guid, DispatchKind)> Dispatches = [];
    }

    private static readonly SQLitePCL.delegate_commit CommitHook = _ => { Interlocked.Increment(ref _sqliteCommits); return 0; };
    private static long _sqliteCommits;
    private long _efCommands;
    private long _transactions;
    private long _commandTicks;
    private long _commitTicks;

    /// <summary>Physical SQLite commits (write transactions) in this process since it started.</summary>
    public static long SqliteCommits => Interlocked.Read(ref _sqliteCommits);

    public long EfCommands => Interlocked.Read(ref _efCommands);
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Time spent inside EF commands (as EF measures it: execute until the reader is returned), summed.</summary>
    public TimeSpan CommandTime => TimeSpan.FromTicks(Interlocked.Read(ref _commandTicks));

    /// <summary>Time spent inside COMMIT of EF transactions, summed.</summary>
    public TimeSpan CommitTime => TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks));

    /// <summary>Called for every committed EF transaction (on the committing thread: keep it short).</summary>
    public Action<CommitSeen>? OnCommit { get; set; }

    /// <summary>When set, every EF command is recorded: (timestamp, first words of its SQL, duration ms).</summary>
    public ConcurrentQueue<(long Timestamp, string Sql, double Ms)>? Timeline { get; set; }

    /// <summary>Records a moment of the first instance's path (SaveChanges called, transaction begun…) on the timeline.</summary>
    private void Mark(string what, TimeSpan? took = null) =>
        Timeline?.Enqueue((Stopwatch.GetTimestamp(), what, took?.TotalMilliseconds ?? 0));

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Mark("SaveChanges called");
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Mark("BEGIN starting");
        return ValueTask.FromResult(result);
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Mark("BEGIN done", eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Mark("connection opening");
        return ValueTask.FromResult(result);
    }

    // ------------------------------------------------------------------ commits

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        Interlocked.Add(ref _commitTicks, eventData.Duration.Ticks);
        Committed(eventData.Context);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Mark("COMMIT done", eventData.Duration);
        Interlocked.Add(ref _commitTicks, eventData.Duration.Ticks);
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        Interlocked.Increment(ref _transactions);
        if (context is not null && _pending.TryGetValue(context, out var seen))
        {
            _pending.Remove(context);
            Report(seen);
        }
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>SavedChanges comes before the entries are accepted: what this SaveChanges wrote is still there.</summary>
    private void Saved(DbContext? context)
    {
        if (OnCommit is null || context is null)
            return;
        var inTransaction = context.Database.CurrentTransaction is not null;
        var seen = inTransaction ? _pending.GetOrCreateValue(context) : new Seen();
        // as they are: comparing every property again here would add to the cost measured
        foreach (var entry in SavingEntries.AsDetected<object>(context))
        {
            switch (entry.Entity)
            {
                case InstanceRecord i:
                    seen.Instances.Add((i.Id, i.Status));
                    break;
                case HumanTaskRecord { Status: HumanTaskStatus.Open } t:
                    seen.Tasks.Add((t.Id, t.InstanceId));
                    break;
                case BookmarkRecord { DueAt: { } due } b when entry.State != EntityState.Deleted && entry.State != EntityState.Detached:
                    seen.Timers.Add((b.InstanceId, due));
                    break;
                case DispatchRecord d when d.Status == DispatchStatus.Pending:
                    seen.Dispatches.Add((d.InstanceId, d.Kind));
                    break;
            }
        }
        // without a transaction of ours, SaveChanges committed its own before this call
        if (!inTransaction)
            Report(seen);
    }

    private void Report(Seen seen) =>
        OnCommit?.Invoke(new CommitSeen(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow, seen.Instances, seen.Tasks, seen.Timers, seen.Dispatches));

    // ------------------------------------------------------------------ SQLite commit counter

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Hook(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark("connection opened", eventData.Duration);
        Hook(connection);
        return Task.CompletedTask;
    }

    private static void Hook(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            SQLitePCL.raw.sqlite3_commit_hook(handle, CommitHook, null);
    }

    /// <summary>Counts commits of a connection the benchmark opened itself (the raw commit-rate loop).</summary>
    public static void HookRaw(SqliteConnection connection) => Hook(connection);

    // ------------------------------------------------------------------ commands

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _efCommands);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _efCommands);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Interlocked.Increment(ref _efCommands);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _efCommands);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Interlocked.Increment(ref _efCommands);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _efCommands);
        return ValueTask.FromResult(result);
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, eventData);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, eventData);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, CommandExecutedEventData eventData)
    {
        Interlocked.Add(ref _commandTicks, eventData.Duration.Ticks);
        if (Timeline is not { } timeline)
            return;
        var sql = command.CommandText.ReplaceLineEndings(" ");
        timeline.Enqueue((Stopwatch.GetTimestamp(), sql.Length > 90 ? sql[..90] + "…" : sql, eventData.Duration.TotalMilliseconds));
    }
}
