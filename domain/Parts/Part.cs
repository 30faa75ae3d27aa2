namespace Orchestrator.Domain.Parts;

/// <summary>A spare part in the part master (备件主数据).</summary>
public sealed record Part
{
    public Part(string partNumber, string name, decimal unitPrice, StockLevels levels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(unitPrice);
        ArgumentNullException.ThrowIfNull(levels);
        (PartNumber, Name, UnitPrice, Levels) = (partNumber, name, unitPrice, levels);
    }

    public string PartNumber { get; }
    public string Name { get; }
    public decimal UnitPrice { get; }
    public StockLevels Levels { get; }
}

/// <summary>
/// Stock levels of a part (安全库存, 最小/最大库存), measured against the part's available stock in all warehouses
/// (see <see cref="StockLedger.LevelOf"/>). Safety ≤ Min ≤ Max: the safety stock is the floor kept for emergencies,
/// the minimum the reorder point, the maximum the ceiling a reorder fills up to.
/// </summary>
public sealed record StockLevels
{
    public StockLevels(int safety, int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(safety);
        ArgumentOutOfRangeException.ThrowIfLessThan(min, safety);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        (Safety, Min, Max) = (safety, min, max);
    }

    public int Safety { get; }
    public int Min { get; }
    public int Max { get; }
}
