using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Domain.Contracts;

/// <summary>
/// One due date of a PM plan and the maintenance request opened for it. The key is the plan and the due date, by a
/// unique index: however often the PM job runs (twice, on two nodes, again after a crash), one request per due date.
/// </summary>
public sealed class PmOccurrence
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid PlanId { get; set; }

    public DateOnly DueDate { get; set; }

    public Guid ServiceRequestId { get; set; }

    /// <summary>The generation run that opened it.</summary>
    public Guid? RunId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the request reached service completed (or closed): the plan's next due date follows from it.</summary>
    public DateOnly? CompletedOn { get; set; }

    /// <summary>The request was cancelled: the plan moved on as if the visit was done on time.</summary>
    public bool Skipped { get; set; }
}

internal sealed class PmOccurrenceConfiguration : IEntityTypeConfiguration<PmOccurrence>
{
    public void Configure(EntityTypeBuilder<PmOccurrence> e)
    {
        e.ToTable("pm_occurrences");
        e.HasKey(x => x.Id);
        e.HasOne<PmPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.PlanId, x.DueDate }).IsUnique();
        e.HasIndex(x => x.ServiceRequestId).IsUnique();
    }
}
