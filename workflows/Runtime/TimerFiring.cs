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

    /// <summary>Fires every due timer (up to <paramref name="batch"/>); returns how many fired.</summary>
    public static async Task<int> FireDueAsync(DbContext db, DateTimeOffset now, int batch, CancellationToken ct)
    {
        var due = await db.Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.FiredAt == null && b.DueAt != null && b.DueAt <= now)
            .OrderBy(b => b.DueAt).Select(b => b.Id).Take(batch).ToListAsync(ct);
        var fired = 0;
        foreach (var id in due)
        {
            if (await FireAsync(db, id, now, ct))
                fired++;
            db.ChangeTracker.Clear();
        }
        return fired;
    }

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
