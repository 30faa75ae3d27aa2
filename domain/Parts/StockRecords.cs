using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Domain.Parts;

/// <summary>
/// The stored balance of one part at one location. Every write checks <see cref="Version"/> (compare-and-swap), so two
/// movements that read the same balance cannot both take from it.
/// </summary>
public sealed class StockPositionRecord
{
    public required string PartNumber { get; set; }

    public StockLocationKind LocationKind { get; set; }

    /// <summary>Warehouse code, or technician code for a van.</summary>
    public required string LocationId { get; set; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int Available => OnHand - Reserved;

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public StockLocation Location => LocationKind switch
    {
        StockLocationKind.Warehouse => StockLocation.Warehouse(LocationId),
        StockLocationKind.Van => StockLocation.Van(LocationId),
        _ => StockLocation.DefectiveBin(LocationId),
    };

    public StockPosition ToPosition() => new(PartNumber, Location, new StockBalance(OnHand, Reserved));
}

/// <summary>One line of the stock journal: a movement's change to one part at one location, who made it and when.</summary>
public sealed class StockMovementRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lines written by one request share it.</summary>
    public Guid BatchId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    /// <summary>The movement kind: Receive, IssueToTechnician, Consume, ReturnUnused, ReturnDefective, Scrap, Reserve, ReleaseReservation.</summary>
    public required string Movement { get; set; }

    public required string PartNumber { get; set; }

    public StockLocationKind LocationKind { get; set; }

    public required string LocationId { get; set; }

    public int OnHandChange { get; set; }

    public int ReservedChange { get; set; }

    public int OnHandAfter { get; set; }

    public int ReservedAfter { get; set; }

    public string? Reference { get; set; }
}

internal sealed class StockPositionRecordConfiguration : IEntityTypeConfiguration<StockPositionRecord>
{
    public void Configure(EntityTypeBuilder<StockPositionRecord> e)
    {
        e.ToTable("stock_positions");
        e.HasKey(x => new { x.PartNumber, x.LocationKind, x.LocationId });
        e.Property(x => x.PartNumber).HasMaxLength(64);
        e.Property(x => x.LocationKind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.LocationId).HasMaxLength(32);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.Available);
        e.Ignore(x => x.Location);
        e.HasIndex(x => new { x.LocationKind, x.LocationId });
        e.ToTable(t => t.HasCheckConstraint("ck_stock_positions_never_negative", "on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand"));
    }
}

internal sealed class StockMovementRecordConfiguration : IEntityTypeConfiguration<StockMovementRecord>
{
    public void Configure(EntityTypeBuilder<StockMovementRecord> e)
    {
        e.ToTable("stock_movements");
        e.HasKey(x => x.Id);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.Property(x => x.Movement).HasMaxLength(32);
        e.Property(x => x.PartNumber).HasMaxLength(64);
        e.Property(x => x.LocationKind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.LocationId).HasMaxLength(32);
        e.Property(x => x.Reference).HasMaxLength(100);
        e.HasIndex(x => new { x.PartNumber, x.At });
        e.HasIndex(x => x.Reference);
        e.HasIndex(x => x.BatchId);
        e.HasIndex(x => x.At);
    }
}
