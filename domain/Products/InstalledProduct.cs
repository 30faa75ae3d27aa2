using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Warranty;

namespace Orchestrator.Domain.Products;

/// <summary>
/// One product at a customer (安装记录, the installed base): its serial number, model, where it is, when it was sold and
/// accepted (the warranty starts at acceptance), its warranty end, contract, five custom fields the customer's trade
/// defines, and the exclusions found on inspection.
/// </summary>
public sealed class InstalledProduct : GuidRecord
{
    /// <summary>Unique, in the canonical form of <see cref="Products.SerialNumber"/>.</summary>
    public required string SerialNumber { get; set; }

    public Guid ModelId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>Where the product is installed (a label of the customer's addresses, or the address itself).</summary>
    public string? SiteAddress { get; set; }

    /// <summary>Copied from the model when saved, so lists filter and group by line without a join.</summary>
    public string? ProductLine { get; set; }

    public DateOnly SaleDate { get; set; }

    /// <summary>Installation / acceptance date (安装交付验收之日); the warranty starts here when set.</summary>
    public DateOnly? AcceptanceDate { get; set; }

    /// <summary>Last covered day, computed when saved from the model's months and the contract (see <see cref="WarrantyEvaluator"/>).</summary>
    public DateOnly WarrantyEnd { get; set; }

    public Guid? ContractId { get; set; }

    public string? CustomField1 { get; set; }

    public string? CustomField2 { get; set; }

    public string? CustomField3 { get; set; }

    public string? CustomField4 { get; set; }

    public string? CustomField5 { get; set; }

    /// <summary>Exclusions recorded on inspection (no proof, altered serial, misuse, unauthorised repair, accident).</summary>
    public WarrantyExclusions Exclusions { get; set; }

    public string? Notes { get; set; }

    /// <summary>What the warranty evaluator needs, given the model's months and the contract's coverage end if it extends the warranty.</summary>
    public WarrantyFacts Facts(int modelWarrantyMonths, DateOnly? contractCoverageEnd) => new()
    {
        SaleDate = SaleDate,
        AcceptanceDate = AcceptanceDate,
        ModelWarrantyMonths = modelWarrantyMonths,
        ContractCoverageEnd = contractCoverageEnd,
        Exclusions = Exclusions,
    };
}

internal sealed class InstalledProductConfiguration : IEntityTypeConfiguration<InstalledProduct>
{
    public void Configure(EntityTypeBuilder<InstalledProduct> e)
    {
        e.ToTable("installed_products");
        e.HasKey(x => x.Id);
        e.Property(x => x.SerialNumber).HasMaxLength(SerialNumber.MaxLength);
        e.Property(x => x.SiteAddress).HasMaxLength(500);
        e.Property(x => x.ProductLine).HasMaxLength(64);
        foreach (var field in new[] { "CustomField1", "CustomField2", "CustomField3", "CustomField4", "CustomField5" })
            e.Property<string?>(field).HasMaxLength(100);
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.HasOne<ProductModel>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceContract>().WithMany().HasForeignKey(x => x.ContractId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.SerialNumber).IsUnique();
        e.HasIndex(x => x.CustomerId);
        e.HasIndex(x => x.ModelId);
        e.HasIndex(x => x.ContractId);
        e.HasIndex(x => x.ProductLine);
        e.HasIndex(x => x.WarrantyEnd);
        e.HasIndex(x => x.CustomField1);
    }
}
