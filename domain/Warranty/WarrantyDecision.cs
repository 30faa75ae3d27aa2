namespace Orchestrator.Domain.Warranty;

/// <summary>What the customer is entitled to for a fault reported on a given day.</summary>
public enum Remedy
{
    /// <summary>Refund against return of the product (包退).</summary>
    Return,

    /// <summary>Replacement by a new product (包换).</summary>
    Exchange,

    /// <summary>Repair at no charge (保修).</summary>
    FreeRepair,

    /// <summary>Repair charged to the customer: the warranty has ended.</summary>
    PaidRepair,

    /// <summary>No warranty service: an exclusion applies, or the date is before the warranty started.</summary>
    NotCovered,
}

/// <summary>Stable code for why a remedy was chosen; the UI translates it, integrators can switch on it.</summary>
public enum WarrantyReasonCode
{
    WithinReturnPeriod,
    WithinExchangePeriod,
    WithinWarranty,
    WithinContract,
    WarrantyExpired,
    BeforeWarrantyStart,
    NoValidProof,
    AlteredSerial,
    Misuse,
    UnauthorisedRepair,
    AccidentOrForceMajeure,
}

/// <param name="Remedy">What the customer is entitled to.</param>
/// <param name="ReasonCode">Stable code for the reason; for several exclusions, the first in declaration order.</param>
/// <param name="Reason">The reason as one English sentence, fit to show an agent.</param>
/// <param name="WarrantyStart">Day 0: acceptance date, or sale date when no acceptance is recorded.</param>
/// <param name="WarrantyEnd">Last covered day, inclusive (the later of the model's and the contract's end).</param>
/// <param name="DaysSinceStart">Whole days from <paramref name="WarrantyStart"/> to the evaluated date; negative before the start.</param>
public sealed record WarrantyDecision(
    Remedy Remedy,
    WarrantyReasonCode ReasonCode,
    string Reason,
    DateOnly WarrantyStart,
    DateOnly WarrantyEnd,
    int DaysSinceStart);
