using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Orchestrator.Workflows.Persistence;

/// <summary>
/// The tracked entries a SaveChanges interceptor looks at, with the context's changes detected once per SaveChanges for
/// all the interceptors that ask, not once per interceptor: <c>ChangeTracker.Entries()</c> compares every property of
/// every tracked entity each time it is called, and eight interceptors asking in turn made that comparison most of what
/// a batch of starts cost (docs/benchmarks.md, session 10). The mark is cleared by the context's own
/// <see cref="DbContext.SavingChanges"/> event, which comes before any interceptor, so the first interceptor to ask in
/// each SaveChanges detects, whatever the order; outside a SaveChanges every call detects. The context must be
/// <see cref="Watch">watched</see> from its construction: a context first seen inside its own SaveChanges (the usual
/// case: a context per burst batch, per batch of starts, per request, each with one save) has missed that event, and
/// every interceptor would detect again (session 13: seven passes, 15 % of the engine's CPU). Within one: a property an
/// interceptor sets on an entity already tracked is saved (SaveChanges detects again after the interceptors) but not
/// seen as a change by the interceptors after it — the audit trail, which must see those, detects for itself.
/// </summary>
public static class SavingEntries
{
    private sealed class Mark
    {
        public bool Saving;
        public bool Detected;
    }

    private static readonly ConditionalWeakTable<DbContext, Mark> Marks = new();

    /// <summary>The tracked entries of <typeparamref name="T"/> as this SaveChanges will write them.</summary>
    public static List<EntityEntry<T>> Of<T>(DbContext db) where T : class
    {
        var tracker = Detected(db);
        return Without(tracker, () => tracker.Entries<T>().ToList());
    }

    /// <summary>Every tracked entry, as this SaveChanges will write them.</summary>
    public static List<EntityEntry> All(DbContext db)
    {
        var tracker = Detected(db);
        return Without(tracker, () => tracker.Entries().ToList());
    }

    /// <summary>The entries of <typeparamref name="T"/> as they are, without comparing any property (the caller detected).</summary>
    public static List<EntityEntry<T>> AsDetected<T>(DbContext db) where T : class =>
        Without(db.ChangeTracker, () => db.ChangeTracker.Entries<T>().ToList());

    /// <summary>Follows <paramref name="db"/>'s saves from now on; call it from the context's constructor.</summary>
    public static void Watch(DbContext db) => MarkOf(db);

    private static Mark MarkOf(DbContext db) =>
        Marks.GetValue(db, static context =>
        {
            var created = new Mark();
            context.SavingChanges += (_, _) => (created.Saving, created.Detected) = (true, false);
            context.SavedChanges += (_, _) => (created.Saving, created.Detected) = (false, false);
            context.SaveChangesFailed += (_, _) => (created.Saving, created.Detected) = (false, false);
            return created;
        });

    private static ChangeTracker Detected(DbContext db)
    {
        var mark = MarkOf(db);
        // outside a SaveChanges every call detects
        if (!(mark.Saving && mark.Detected) && db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
            mark.Detected = mark.Saving;
        }
        return db.ChangeTracker;
    }

    private static List<TEntry> Without<TEntry>(ChangeTracker tracker, Func<List<TEntry>> read)
    {
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }
    }
}
