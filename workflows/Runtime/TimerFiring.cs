using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>Fires due timers: each is marked fired (compare-and-swap) and a resume dispatch written, in one transaction.</summary>
public static class TimerFiring
{
    /// <summary>Fires the given timer if it is still waiting and due. True when this call fired it.</summary>
    public static async Task<bool> FireAsync(DbContext db, Guid bookmarkId, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var bookmark = await db.Set<BookmarkRecord>().AsNoTracking()
            .FirstOrDefaultAsync(b => b.Id == bookmarkId && b.FiredAt == null, ct);
        if (bookmark?.DueAt is null || bookmark.DueAt > now)
            return false;
        var claimed = await db.Set<BookmarkRecord>().Where(b => b.Id == bookmarkId && b.FiredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.FiredAt, now), ct);
        if (claimed != 1)
            return false;
        db.Add(ResumeDispatch(bookmark, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Fires due timers, oldest first, up to <paramref name="batch"/>, in one transaction: one compare-and-swap
    /// marks them all fired, and their resume dispatches are written beside it. When another firer (a second node,
    /// Quartz beside the pump) took some of them meanwhile, the batch is rolled back and each timer is fired on its
    /// own, so none fires twice and none is skipped. Returns how many this call fired.
    /// </summary>
    public static async Task<int> FireDueAsync(DbContext db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        List<BookmarkRecord> due;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            due = await DueQuery(db, now, batch).ToListAsync(ct);
            if (due.Count == 0)
                return 0;
            var ids = due.Select(b => b.Id).ToList();
            var claimed = await db.Set<BookmarkRecord>().Where(b => ids.Contains(b.Id) && b.FiredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.FiredAt, now), ct);
            if (claimed == due.Count)
            {
                foreach (var bookmark in due)
                    db.Add(ResumeDispatch(bookmark, now));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                db.ChangeTracker.Clear();
                return due.Count;
            }
            await tx.RollbackAsync(ct);
        }
        var fired = 0;
        foreach (var bookmark in due)
        {
            if (await FireAsync(db, bookmark.Id, now, ct))
                fired++;
            db.ChangeTracker.Clear();
        }
        return fired;
    }

    /// <summary>
    /// The due timers to fire, locked as they are read where the database locks rows: PostgreSQL
    /// <c>FOR UPDATE SKIP LOCKED</c>, SQL Server <c>UPDLOCK, READPAST</c>. A timer whose row a burst holds (it is
    /// completing the task the timer guards) is skipped and fired next round if still waiting, so the firer never
    /// waits on a burst and the two cannot deadlock. SQLite has one writer at a time and needs no lock.
    /// </summary>
    private static IQueryable<BookmarkRecord> DueQuery(DbContext db, DateTimeOffset now, int batch) => db.Database.ProviderName switch
    {
        { } p when p.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) => db.Set<BookmarkRecord>()
            .FromSqlRaw(PostgreSqlDue, now, batch).AsNoTracking(),
        { } p when p.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) => db.Set<BookmarkRecord>()
            .FromSqlRaw(SqlServerDue, batch, now).AsNoTracking(),
        _ => db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.FiredAt == null && b.DueAt != null && b.DueAt <= now)
            .OrderBy(b => b.DueAt).Take(batch),
    };

    internal const string PostgreSqlDue =
        "SELECT * FROM workflow_bookmarks WHERE fired_at IS NULL AND due_at IS NOT NULL AND due_at <= {0} " +
        "ORDER BY due_at LIMIT {1} FOR UPDATE SKIP LOCKED";

    internal const string SqlServerDue =
        "SELECT TOP ({0}) * FROM workflow_bookmarks WITH (UPDLOCK, READPAST, ROWLOCK) " +
        "WHERE fired_at IS NULL AND due_at IS NOT NULL AND due_at <= {1} ORDER BY due_at";

    public static Task<DateTimeOffset?> NextDueAsync(DbContext db, CancellationToken ct) =>
        db.Set<BookmarkRecord>().Where(b => b.FiredAt == null && b.DueAt != null)
            .OrderBy(b => b.DueAt).Select(b => b.DueAt).FirstOrDefaultAsync(ct);

    private static DispatchRecord ResumeDispatch(BookmarkRecord bookmark, DateTimeOffset now) => new()
    {
        Kind = DispatchKind.Resume,
        InstanceId = bookmark.InstanceId,
        Payload = new JsonObject
        {
            ["name"] = bookmark.Name,
            ["key"] = bookmark.CorrelationKey,
            ["payload"] = new JsonObject { ["firedAt"] = now },
        }.ToJsonString(),
        Status = DispatchStatus.Pending,
        NotBefore = now,
        CreatedAt = now,
    };
}
