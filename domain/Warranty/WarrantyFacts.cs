namespace Orchestrator.Domain.Warranty;

/// <summary>
/// What is on record about an installed product when its warranty is judged: the dates that start
/// the warranty, the terms that set its length, and the exclusions found on inspection.
/// </summary>
public sealed record WarrantyFacts
{
    /// <summary>Default warranty length of a model when the model says nothing else: one year.</summary>
    public const int DefaultWarrantyMonths = 12;

    /// <summary>Date on the proof of purchase (invoice, receipt).</summary>
    public required DateOnly SaleDate { get; init; }

    /// <summary>
    /// Installation / acceptance date (安装交付验收之日). When present the warranty starts here instead of at the sale.
    /// </summary>
    public DateOnly? AcceptanceDate { get; init; }

    /// <summary>Warranty length the model carries, in months (12 unless the manufacturer gives a longer term).</summary>
    public int ModelWarrantyMonths
    {
        get => _modelWarrantyMonths;
        init => _modelWarrantyMonths = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ModelWarrantyMonths), value, "A warranty lasts at least one month.");
    }

    /// <summary>
    /// Last day (inclusive) covered by a service contract that extends the warranty, if any. It counts only when it is
    /// later than the model's warranty end; a shorter contract never shortens the warranty.
    /// </summary>
    public DateOnly? ContractCoverageEnd { get; init; }

    /// <summary>Exclusions recorded on inspection; any of them voids free service while the product is still covered.</summary>
    public WarrantyExclusions Exclusions
    {
        get => _exclusions;
        init => _exclusions = (value & ~KnownExclusions) == 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Exclusions), value, "Unknown warranty exclusion.");
    }

    /// <summary>Day 0 of the warranty: the acceptance date when recorded, otherwise the sale date.</summary>
    public DateOnly WarrantyStart => AcceptanceDate ?? SaleDate;

    private const WarrantyExclusions KnownExclusions = WarrantyExclusions.NoValidProof | WarrantyExclusions.AlteredSerial
        | WarrantyExclusions.Misuse | WarrantyExclusions.UnauthorisedRepair | WarrantyExclusions.AccidentOrForceMajeure;

    private readonly int _modelWarrantyMonths = DefaultWarrantyMonths;
    private readonly WarrantyExclusions _exclusions;
}

/// <summary>Findings that take a product out of warranty coverage (DOMAIN.md, "Not covered").</summary>
[Flags]
public enum WarrantyExclusions
{
    None = 0,

    /// <summary>No valid proof of purchase or warranty card.</summary>
    NoValidProof = 1,

    /// <summary>Serial number altered, removed or unreadable.</summary>
    AlteredSerial = 2,

    /// <summary>Damage from use against the manual (wrong voltage, wrong installation, overloading).</summary>
    Misuse = 4,

    /// <summary>Opened or repaired by someone not authorised by the manufacturer.</summary>
    UnauthorisedRepair = 8,

    /// <summary>Accident or force majeure (drop, flood, fire, lightning).</summary>
    AccidentOrForceMajeure = 16,
}
