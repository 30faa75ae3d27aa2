namespace Orchestrator.Domain.Parts;

/// <summary>
/// The outcome of applying one movement or a batch: accepted with its journal entries and the level alerts it
/// triggered, or refused with nothing changed.
/// </summary>
public sealed record MovementResult
{
    private MovementResult(MovementRefusal? refusal, IReadOnlyList<StockEntry> entries, IReadOnlyList<StockAlert> alerts) =>
        (Refusal, Entries, Alerts) = (refusal, entries, alerts);

    public bool Succeeded => Refusal is null;
    public MovementRefusal? Refusal { get; }

    /// <summary>One entry per location changed, in the order applied.</summary>
    public IReadOnlyList<StockEntry> Entries { get; }

    /// <summary>Levels crossed by the movement (or the batch as a whole).</summary>
    public IReadOnlyList<StockAlert> Alerts { get; }

    internal static MovementResult Accepted(IReadOnlyList<StockEntry> entries, IReadOnlyList<StockAlert> alerts) =>
        new(null, entries, alerts);

    internal static MovementResult Refused(MovementRefusal refusal) => new(refusal, [], []);
}

public enum RefusalCode
{
    UnknownPart,
    InvalidQuantity,
    WrongLocation,
    MissingReference,

    /// <summary>Fewer on hand than the movement takes.</summary>
    InsufficientOnHand,

    /// <summary>Enough on hand, but part of it is reserved.</summary>
    InsufficientAvailable,

    /// <summary>Releasing more than is reserved.</summary>
    InsufficientReserved,
}

/// <param name="MovementIndex">Position of the refused movement in the batch (0 for a single movement).</param>
public sealed record MovementRefusal(RefusalCode Code, string Message, int MovementIndex = 0);

/// <summary>A journal line: how one movement changed one part at one location.</summary>
public sealed record StockEntry(
    string Movement,
    string PartNumber,
    StockLocation Location,
    int OnHandChange,
    int ReservedChange,
    StockBalance After,
    string? Reference);

public enum StockAlertKind
{
    /// <summary>Fell below the minimum: time to reorder.</summary>
    BelowMin,

    /// <summary>Fell below the safety stock.</summary>
    BelowSafety,

    /// <summary>Rose above the maximum.</summary>
    AboveMax,
}

/// <param name="Level">The part's level after the movement.</param>
/// <param name="Threshold">The level that was crossed.</param>
public sealed record StockAlert(string PartNumber, StockAlertKind Kind, int Level, int Threshold);
