using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Domain.Complaints;

public enum ComplaintKind
{
    Complaint,
    Suggestion,
}

public enum ComplaintSeverity
{
    Normal,

    /// <summary>Escalates to a supervisor.</summary>
    Severe,
}

/// <summary>Complaints and callbacks move 处理中 (in progress) → 处理完毕 (done) → 审核完成 (audited: the lock).</summary>
public enum HandlingStatus
{
    InProgress,
    Done,
}

/// <summary>A complaint or suggestion (投诉/建议): registered, investigated, resolved, confirmed by the customer, reviewed.</summary>
public sealed class Complaint : GuidRecord, IAuditLockable
{
    /// <summary><c>CP-yyyy-nnnnnn</c>, unique.</summary>
    public required string Number { get; set; }

    public ComplaintKind Kind { get; set; }

    public ComplaintSeverity Severity { get; set; }

    public Guid CustomerId { get; set; }

    public Guid? ServiceRequestId { get; set; }

    public required string Subject { get; set; }

    public required string Description { get; set; }

    public HandlingStatus Status { get; set; }

    /// <summary>Who handles it.</summary>
    public string? Handler { get; set; }

    public string? Resolution { get; set; }

    public bool CustomerConfirmed { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public DateTimeOffset? AuditedAt { get; set; }

    public string? AuditedBy { get; set; }

    public string? NotReadyForAudit() =>
        Status == HandlingStatus.Done ? null : $"Complaint {Number} is still in progress; only a done complaint can be audited.";
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> e)
    {
        e.ToTable("complaints");
        e.HasKey(x => x.Id);
        e.Property(x => x.Number).HasMaxLength(32);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Subject).HasMaxLength(200);
        e.Property(x => x.Description).HasMaxLength(4000);
        e.Property(x => x.Handler).HasMaxLength(200);
        e.Property(x => x.Resolution).HasMaxLength(4000);
        e.Property(x => x.AuditedBy).HasMaxLength(200);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Number).IsUnique();
        e.HasIndex(x => x.CustomerId);
        e.HasIndex(x => new { x.Status, x.CreatedAt });
        e.HasIndex(x => x.Severity);
    }
}
