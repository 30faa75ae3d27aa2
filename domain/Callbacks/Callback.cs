using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Complaints;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Domain.Callbacks;

public enum CallbackMethod
{
    Phone,
    Sms,
    Email,
    WeChat,
    Visit,
}

/// <summary>
/// A callback / revisit (回访) with its satisfaction survey: how and why the customer was contacted, what they said and
/// the score they gave (1–5). The first callback is due 3 days to a week after the job.
/// </summary>
public sealed class Callback : GuidRecord, IAuditLockable, ISandboxRecord
{
    public Guid CustomerId { get; set; }

    public Guid? ServiceRequestId { get; set; }

    public CallbackMethod Method { get; set; }

    public required string Purpose { get; set; }

    public DateTimeOffset? ScheduledFor { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Feedback { get; set; }

    /// <summary>1 (very dissatisfied) to 5 (very satisfied).</summary>
    public int? Satisfaction { get; set; }

    public HandlingStatus Status { get; set; }

    public string? Agent { get; set; }

    public DateTimeOffset? AuditedAt { get; set; }

    public string? AuditedBy { get; set; }

    /// <summary>A callback of a designer test run's sandbox request: in no list, reminder or intake lookup (a global filter).</summary>
    public bool Sandbox { get; set; }

    public string? NotReadyForAudit() =>
        Status == HandlingStatus.Done ? null : "The callback is still in progress; only a done callback can be audited.";
}

internal sealed class CallbackConfiguration : IEntityTypeConfiguration<Callback>
{
    public void Configure(EntityTypeBuilder<Callback> e)
    {
        e.ToTable("callbacks");
        e.HasKey(x => x.Id);
        e.Property(x => x.Method).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Purpose).HasMaxLength(500);
        e.Property(x => x.Feedback).HasMaxLength(4000);
        e.Property(x => x.Agent).HasMaxLength(200);
        e.Property(x => x.AuditedBy).HasMaxLength(200);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasQueryFilter(x => !x.Sandbox);
        e.HasIndex(x => x.CustomerId);
        e.HasIndex(x => x.ServiceRequestId);
        e.HasIndex(x => new { x.Status, x.ScheduledFor });
    }
}
