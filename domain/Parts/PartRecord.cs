using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Parts;

/// <summary>A spare part of the part master as stored (备件): price and stock levels.</summary>
public sealed class PartRecord : GuidRecord
{
    public required string PartNumber { get; set; }

    public required string Name { get; set; }

    public string? ProductLine { get; set; }

    public Money UnitPrice { get; set; }

    public int SafetyStock { get; set; }

    public int MinStock { get; set; }

    public int MaxStock { get; set; }

    public Part ToPart() => new(PartNumber, Name, UnitPrice.Yuan, new StockLevels(SafetyStock, MinStock, MaxStock));
}

/// <summary>A warehouse (仓库) holding usable stock and a bin for defective parts.</summary>
public sealed class Warehouse : GuidRecord
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? Region { get; set; }

    public string? Address { get; set; }
}

internal sealed class PartRecordConfiguration : IEntityTypeConfiguration<PartRecord>
{
    public void Configure(EntityTypeBuilder<PartRecord> e)
    {
        e.ToTable("parts");
        e.HasKey(x => x.Id);
        e.Property(x => x.PartNumber).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.ProductLine).HasMaxLength(64);
        e.Property(x => x.UnitPrice).HasConversion<MoneyConverter>();
        e.HasIndex(x => x.PartNumber).IsUnique();
        e.HasIndex(x => x.ProductLine);
    }
}

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>
{
    public void Configure(EntityTypeBuilder<Warehouse> e)
    {
        e.ToTable("warehouses");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Region).HasMaxLength(100);
        e.Property(x => x.Address).HasMaxLength(500);
        e.HasIndex(x => x.Code).IsUnique();
    }
}
