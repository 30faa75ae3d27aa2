using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Warranty;

namespace Orchestrator.Domain.Products;

/// <summary>A product model (型号) of a product line: its default warranty, PM interval and spare-part list.</summary>
public sealed class ProductModel : GuidRecord
{
    /// <summary>The model code printed on the nameplate, unique.</summary>
    public required string ModelCode { get; set; }

    public required string Name { get; set; }

    /// <summary>Product line (产品线), e.g. <c>air-conditioner</c>; teams and KB articles are per line.</summary>
    public required string ProductLine { get; set; }

    /// <summary>Warranty months from acceptance (12 unless the manufacturer gives more).</summary>
    public int WarrantyMonths { get; set; } = WarrantyFacts.DefaultWarrantyMonths;

    /// <summary>Months between preventive-maintenance visits, or null when the model needs none.</summary>
    public int? PmIntervalMonths { get; set; }

    /// <summary>Part numbers of the model's spare-part list.</summary>
    public List<string> SpareParts { get; set; } = [];
}

internal sealed class ProductModelConfiguration : IEntityTypeConfiguration<ProductModel>
{
    public void Configure(EntityTypeBuilder<ProductModel> e)
    {
        e.ToTable("product_models");
        e.HasKey(x => x.Id);
        e.Property(x => x.ModelCode).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.ProductLine).HasMaxLength(64);
        e.Property(x => x.SpareParts).AsJson();
        e.HasIndex(x => x.ModelCode).IsUnique();
        e.HasIndex(x => x.ProductLine);
    }
}
