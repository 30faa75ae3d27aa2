using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Where a burst's engine rows go: added and removed records, and the few lookups a burst makes.
/// The database store adds them to the burst's DbContext (committed as one transaction); the
/// in-memory store keeps them in lists (runs without persistence, for embedding and benchmarks).
/// </summary>
public interface IBurstStore
{
    void Add(object record);

    void Remove(object record);

    /// <summary>The first record matching, among those added in this burst first, then stored ones.</summary>
    ValueTask<T?> FindAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken ct) where T : class;

    ValueTask<List<T>> ListAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken ct) where T : class;
}

/// <summary>
/// Adds a burst's records to its DbContext, except the execution log: those rows are collected and written by
/// <see cref="Persistence.ExecutionLogWriter"/> with one statement for the whole batch.
/// </summary>
internal sealed class DbBurstStore(DbContext db, List<Persistence.ExecutionLogRecord> log) : IBurstStore
{
    public void Add(object record)
    {
        if (record is Persistence.ExecutionLogRecord row)
            log.Add(row);
        else
            db.Add(record);
    }

    public void Remove(object record) => db.Remove(record);

    public async ValueTask<T?> FindAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken ct) where T : class =>
        db.Set<T>().Local.FirstOrDefault(predicate.Compile()) ?? await db.Set<T>().FirstOrDefaultAsync(predicate, ct);

    public async ValueTask<List<T>> ListAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken ct) where T : class =>
        await db.Set<T>().Where(predicate).ToListAsync(ct);
}

/// <summary>Keeps every record in memory: nothing is persisted.</summary>
public sealed class InMemoryBurstStore : IBurstStore
{
    private readonly List<object> _records = [];

    /// <summary>When false, log rows are not kept (they are most of what a burst writes).</summary>
    public bool KeepLog { get; init; } = true;

    public IReadOnlyList<object> Records => _records;

    public void Add(object record)
    {
        if (KeepLog || record is not Persistence.ExecutionLogRecord)
            _records.Add(record);
    }

    public void Remove(object record) => _records.Remove(record);

    public ValueTask<T?> FindAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken ct) where T : class =>
        ValueTask.FromResult(_records.OfType<T>().FirstOrDefault(predicate.Compile()));

    public ValueTask<List<T>> ListAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken ct) where T : class =>
        ValueTask.FromResult(_records.OfType<T>().Where(predicate.Compile()).ToList());
}
