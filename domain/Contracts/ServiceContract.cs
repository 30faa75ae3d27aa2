using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Contracts;

/// <summary>Service level of a contract; SLA rules match on it.</summary>
public enum ContractLevel
{
    Basic,
    Standard,
    Premium,
}

/// <summary>What a contract covers.</summary>
[Flags]
public enum ContractCoverage
{
    None = 0,
    Parts = 1,
    Labour = 2,
    Travel = 4,
    PreventiveMaintenance = 8,

    /// <summary>The contract extends the warranty of its installed products to its end date.</summary>
    ExtendedWarranty = 16,
}

/// <summary>A service contract (服务合同): coverage, level, start and end; its PM plans say when maintenance is due.</summary>
public sealed class ServiceContract : GuidRecord
{
    public required string Code { get; set; }

    public Guid CustomerId { get; set; }

    public ContractLevel Level { get; set; }

    public ContractCoverage Coverage { get; set; }

    public DateOnly StartDate { get; set; }

    /// <summary>Last covered day, inclusive.</summary>
    public DateOnly EndDate { get; set; }

    public string? Notes { get; set; }

    /// <summary>The end of warranty cover this contract gives its products, or null when it does not extend the warranty.</summary>
    public DateOnly? WarrantyCoverageEnd => Coverage.HasFlag(ContractCoverage.ExtendedWarranty) ? EndDate : null;

    public bool IsActiveOn(DateOnly date) => StartDate <= date && date <= EndDate;
}

internal sealed class ServiceContractConfiguration : IEntityTypeConfiguration<ServiceContract>
{
    public void Configure(EntityTypeBuilder<ServiceContract> e)
    {
        e.ToTable("service_contracts");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.Ignore(x => x.WarrantyCoverageEnd);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => x.CustomerId);
        e.HasIndex(x => x.EndDate);
    }
}
