namespace Orchestrator.Domain.Auditing;

/// <summary>
/// A record a supervisor audits when it is done (审核完成): once audited it refuses every change and deletion until
/// someone with the audit right un-audits it. The lock is <see cref="AuditedAt"/>; the status stays what it was.
/// </summary>
public interface IAuditLockable
{
    DateTimeOffset? AuditedAt { get; set; }

    string? AuditedBy { get; set; }

    /// <summary>Why the record cannot be audited yet (e.g. still in progress), or null when it can.</summary>
    string? NotReadyForAudit();
}

/// <summary>Someone tried to change or delete an audited record; the whole save is refused.</summary>
public sealed class RecordLockedException(string entityType, string entityId)
    : InvalidOperationException($"{entityType} {entityId} is audited; un-audit it before changing or deleting it.")
{
    public string EntityType { get; } = entityType;

    public string EntityId { get; } = entityId;
}

/// <summary>Who is making the change, for the audit trail. The host supplies the signed-in user; background work is "system".</summary>
public interface IAuditActor
{
    string Name { get; }
}
