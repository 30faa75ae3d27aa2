using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;

namespace Orchestrator.Domain.FieldTasks;

public enum FieldTaskStatus
{
    Scheduled,
    EnRoute,
    OnSite,

    /// <summary>Nobody was home: the technician left a note; the request goes back to scheduling.</summary>
    NobodyHome,

    /// <summary>The technician needs parts they do not carry; another visit follows once they are issued.</summary>
    NeedsParts,

    /// <summary>The visit could not fix the fault; a supervisor decides what follows.</summary>
    Failed,
    Completed,
    Cancelled,
}

/// <summary>
/// A field task / work order (现场任务, 派工单): a technician's visit for a request, from the appointment agreed with
/// the customer to the customer's sign-off (业户签字). Editable until completed.
/// </summary>
public sealed class FieldTask : GuidRecord
{
    public Guid ServiceRequestId { get; set; }

    public Guid TechnicianId { get; set; }

    public FieldTaskStatus Status { get; set; }

    public DateTimeOffset? AppointmentStart { get; set; }

    public DateTimeOffset? AppointmentEnd { get; set; }

    /// <summary>
    /// When the technician must be on site by the request's SLA (its on-site due time when the visit was dispatched);
    /// the appointment window is what was agreed with the customer.
    /// </summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? ArrivedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? WorkDone { get; set; }

    public List<PartUsed> PartsUsed { get; set; } = [];

    public int LabourMinutes { get; set; }

    public Money LabourFee { get; set; }

    public Money TravelFee { get; set; }

    /// <summary>Customer-supplied materials, checked and noted (004 篇一).</summary>
    public string? CustomerMaterials { get; set; }

    /// <summary>Who signed the work order on acceptance.</summary>
    public string? SignedBy { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public string? Notes { get; set; }
}

/// <summary>A part fitted on the job.</summary>
public sealed record PartUsed(string PartNumber, int Quantity);

internal sealed class FieldTaskConfiguration : IEntityTypeConfiguration<FieldTask>
{
    public void Configure(EntityTypeBuilder<FieldTask> e)
    {
        e.ToTable("field_tasks");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.WorkDone).HasMaxLength(4000);
        e.Property(x => x.CustomerMaterials).HasMaxLength(1000);
        e.Property(x => x.SignedBy).HasMaxLength(200);
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.Property(x => x.PartsUsed).AsJson();
        e.Property(x => x.LabourFee).HasConversion<MoneyConverter>();
        e.Property(x => x.TravelFee).HasConversion<MoneyConverter>();
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<TechnicianRecord>().WithMany().HasForeignKey(x => x.TechnicianId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.ServiceRequestId);
        e.HasIndex(x => new { x.TechnicianId, x.Status });
        e.HasIndex(x => x.AppointmentStart);
    }
}
