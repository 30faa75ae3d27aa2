using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Auditing;

/// <summary>
/// Writes the audit trail in the same <c>SaveChanges</c> (and so the same transaction) as the change itself: one
/// <see cref="AuditEntry"/> per created, changed or deleted <see cref="AuditedRecord"/>, naming who, when and each
/// field's old → new value. It also stamps <see cref="AuditedRecord.CreatedAt"/>, <see cref="AuditedRecord.UpdatedAt"/>
/// and the <see cref="AuditedRecord.Revision"/>, and refuses the whole save when it would change or delete an audited
/// record (<see cref="IAuditLockable"/>), whatever code path tried.
/// </summary>
public sealed class AuditInterceptor(TimeProvider time, IAuditActor actor) : SaveChangesInterceptor
{
    private static readonly HashSet<string> Stamps =
        [nameof(AuditedRecord.CreatedAt), nameof(AuditedRecord.UpdatedAt), nameof(AuditedRecord.Revision)];

    private static readonly HashSet<string> LockFields = [nameof(IAuditLockable.AuditedAt), nameof(IAuditLockable.AuditedBy)];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is null)
            return;
        // detected here, after whatever the interceptors before this one changed; listed without detecting a second time
        var tracker = context.ChangeTracker;
        tracker.DetectChanges();
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        List<EntityEntry<AuditedRecord>> entries;
        try
        {
            entries = tracker.Entries<AuditedRecord>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }
        if (entries.Count == 0)
            return;

        var now = time.GetUtcNow();
        var who = AuditActing.Name ?? actor.Name;
        foreach (var entry in entries)
        {
            GuardLock(entry);
            ToUtc(entry);
            var changes = Changes(entry);
            if (entry.State == EntityState.Modified && changes.Count == 0)
            {
                entry.State = EntityState.Unchanged;
                continue;
            }

            var record = entry.Entity;
            if (entry.State == EntityState.Added)
            {
                record.CreatedAt = record.CreatedAt == default ? now : record.CreatedAt;
                record.UpdatedAt = now;
                record.Revision = 1;
            }
            else if (entry.State == EntityState.Modified)
            {
                record.UpdatedAt = now;
                record.Revision++;
            }

            if (record is ISandboxRecord { Sandbox: true })
                continue; // a designer test run's throwaway request, RMA or callback: no audit trail
            context.Add(new AuditEntry
            {
                EntityType = TypeName(entry),
                EntityId = KeyOf(entry),
                Action = entry.State switch
                {
                    EntityState.Added => AuditAction.Created,
                    EntityState.Deleted => AuditAction.Deleted,
                    _ => AuditAction.Updated,
                },
                Actor = who,
                At = now,
                Changes = JsonSerializer.Serialize(changes, Json),
            });
        }
    }

    private static void GuardLock(EntityEntry<AuditedRecord> entry)
    {
        if (entry.Entity is not IAuditLockable || entry.State == EntityState.Added)
            return;
        if (entry.Property(nameof(IAuditLockable.AuditedAt)).OriginalValue is null)
            return;
        var touched = entry.State == EntityState.Deleted
            || entry.Properties.Any(p => p.IsModified && !Stamps.Contains(p.Metadata.Name) && !LockFields.Contains(p.Metadata.Name)
                && !Equals(p.OriginalValue, p.CurrentValue));
        if (touched)
            throw new RecordLockedException(TypeName(entry), KeyOf(entry));
    }

    /// <summary>Times are stored in UTC (PostgreSQL refuses any other offset; SQLite would sort them wrongly).</summary>
    private static void ToUtc(EntityEntry<AuditedRecord> entry)
    {
        if (entry.State == EntityState.Deleted)
            return;
        foreach (var property in entry.Properties)
        {
            if (property.CurrentValue is DateTimeOffset { Offset.Ticks: not 0 } time)
                property.CurrentValue = time.ToUniversalTime();
        }
    }

    private static List<FieldChange> Changes(EntityEntry<AuditedRecord> entry)
    {
        var changes = new List<FieldChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Stamps.Contains(name))
                continue;
            var field = JsonNamingPolicy.CamelCase.ConvertName(name);
            switch (entry.State)
            {
                case EntityState.Added when property.CurrentValue is not null:
                    changes.Add(new FieldChange(field, null, property.CurrentValue));
                    break;
                case EntityState.Deleted when property.OriginalValue is not null:
                    changes.Add(new FieldChange(field, property.OriginalValue, null));
                    break;
                case EntityState.Modified when property.IsModified && !property.Metadata.GetValueComparer()
                    .Equals(property.OriginalValue, property.CurrentValue):
                    changes.Add(new FieldChange(field, property.OriginalValue, property.CurrentValue));
                    break;
            }
        }
        return changes;
    }

    /// <summary>The record's type as the audit trail names it: <c>ServiceRequest</c>, <c>Team</c> (a <c>Record</c> suffix dropped).</summary>
    public static string TypeName(Type type) =>
        type.Name.EndsWith("Record", StringComparison.Ordinal) ? type.Name[..^"Record".Length] : type.Name;

    private static string TypeName(EntityEntry entry) => TypeName(entry.Metadata.ClrType);

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));
}
