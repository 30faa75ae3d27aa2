using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Contracts;

/// <summary>
/// A preventive-maintenance plan (预防性维护计划) of a contract: every <see cref="IntervalMonths"/> a visit is due;
/// the next due date moves with the actual completion date (<see cref="Completed"/>).
/// </summary>
public sealed class PmPlan : GuidRecord
{
    public Guid ContractId { get; set; }

    /// <summary>The product maintained, or null for every product under the contract.</summary>
    public Guid? InstalledProductId { get; set; }

    public int IntervalMonths { get; set; }

    public DateOnly NextDueDate { get; set; }

    public DateOnly? LastCompletedDate { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>What the visit checks, one item a line.</summary>
    public string? Checklist { get; set; }

    /// <summary>Records a visit done on <paramref name="on"/>: the next one is due an interval after it.</summary>
    public void Completed(DateOnly on)
    {
        LastCompletedDate = on;
        NextDueDate = on.AddMonths(IntervalMonths);
    }
}

internal sealed class PmPlanConfiguration : IEntityTypeConfiguration<PmPlan>
{
    public void Configure(EntityTypeBuilder<PmPlan> e)
    {
        e.ToTable("pm_plans");
        e.HasKey(x => x.Id);
        e.Property(x => x.Checklist).HasMaxLength(4000);
        e.HasOne<ServiceContract>().WithMany().HasForeignKey(x => x.ContractId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<InstalledProduct>().WithMany().HasForeignKey(x => x.InstalledProductId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.ContractId);
        e.HasIndex(x => new { x.Active, x.NextDueDate });
    }
}
