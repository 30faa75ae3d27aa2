namespace Orchestrator.Domain.Records;

/// <summary>
/// A domain record whose every change is written to the audit trail in the same <c>SaveChanges</c>
/// (see <see cref="Auditing.AuditInterceptor"/>), which also stamps the times and the revision.
/// </summary>
public abstract class AuditedRecord
{
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Counts saves; a concurrency token, so two editors never silently overwrite each other.</summary>
    public int Revision { get; set; }
}

/// <summary>A record with a generated <see cref="Guid"/> key.</summary>
public abstract class GuidRecord : AuditedRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
}
