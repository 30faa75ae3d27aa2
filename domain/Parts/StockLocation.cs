namespace Orchestrator.Domain.Parts;

public enum StockLocationKind
{
    /// <summary>Usable stock in a warehouse (仓库).</summary>
    Warehouse,

    /// <summary>Stock carried by a technician (售后人员名下备件); the id is the technician's.</summary>
    Van,

    /// <summary>A warehouse's bin for defective parts returned from the field (坏件), never issued again.</summary>
    DefectiveBin,
}

/// <summary>Where stock is held. Create with <see cref="Warehouse"/>, <see cref="Van"/> or <see cref="DefectiveBin"/>.</summary>
public readonly record struct StockLocation
{
    private StockLocation(StockLocationKind kind, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        (Kind, Id) = (kind, id);
    }

    public StockLocationKind Kind { get; }
    public string Id { get; }

    public static StockLocation Warehouse(string warehouseId) => new(StockLocationKind.Warehouse, warehouseId);

    public static StockLocation Van(string technicianId) => new(StockLocationKind.Van, technicianId);

    public static StockLocation DefectiveBin(string warehouseId) => new(StockLocationKind.DefectiveBin, warehouseId);

    public override string ToString() => Kind switch
    {
        StockLocationKind.Warehouse => $"warehouse {Id}",
        StockLocationKind.Van => $"van of {Id}",
        _ => $"defective bin of {Id}",
    };
}

/// <summary>Quantities of one part at one location.</summary>
/// <param name="Reserved">Set aside for jobs; cannot be issued, consumed or scrapped until released.</param>
public readonly record struct StockBalance(int OnHand, int Reserved)
{
    public int Available => OnHand - Reserved;
}

/// <summary>A part's balance at a location, as loaded from or saved to storage.</summary>
public sealed record StockPosition(string PartNumber, StockLocation Location, StockBalance Balance);
