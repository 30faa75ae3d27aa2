using System.Globalization;

namespace Orchestrator.Domain.Warranty;

/// <summary>
/// Decides the warranty remedy for an installed product on a date (DOMAIN.md, "Return / RMA").
/// </summary>
/// <remarks>
/// <para><b>Day counting.</b> The start date (acceptance, else sale) is day 0 and each calendar day after it adds one:
/// <c>DaysSinceStart = at − start</c> in whole days. This is the customer's reading of "within 7 days" and the
/// statutory one (PRC Civil Code art. 201: the first day is not counted): bought on the 1st, a return on the 8th is
/// day 7 and still a return.</para>
/// <list type="bullet">
/// <item>day 0–7: <see cref="Remedy.Return"/>;</item>
/// <item>day 8–30: <see cref="Remedy.Exchange"/>;</item>
/// <item>day 31 up to and including <see cref="WarrantyDecision.WarrantyEnd"/>: <see cref="Remedy.FreeRepair"/>;</item>
/// <item>after the warranty end: <see cref="Remedy.PaidRepair"/>;</item>
/// <item>before day 0: <see cref="Remedy.NotCovered"/> (<see cref="WarrantyReasonCode.BeforeWarrantyStart"/>).</item>
/// </list>
/// <para><b>Warranty end.</b> A term of N months ends on the same day number N months after the start (art. 202: the
/// corresponding day of the last month is the last day; when that month is shorter, its last day). Bought on
/// 2024-03-15 with 12 months: covered through 2025-03-15. A service contract's coverage end extends this when later.</para>
/// <para><b>Exclusions.</b> Any recorded exclusion turns Return, Exchange or FreeRepair into
/// <see cref="Remedy.NotCovered"/>. After the warranty end the remedy stays <see cref="Remedy.PaidRepair"/>: a paid
/// repair is offered whatever the cause.</para>
/// </remarks>
public static class WarrantyEvaluator
{
    public const int LastReturnDay = 7;
    public const int LastExchangeDay = 30;

    public static WarrantyDecision Evaluate(WarrantyFacts facts, DateOnly at)
    {
        ArgumentNullException.ThrowIfNull(facts);

        var start = facts.WarrantyStart;
        var modelEnd = start.AddMonths(facts.ModelWarrantyMonths);
        var contractExtends = facts.ContractCoverageEnd is { } contractEnd && contractEnd > modelEnd;
        var end = contractExtends ? facts.ContractCoverageEnd!.Value : modelEnd;
        var days = at.DayNumber - start.DayNumber;

        WarrantyDecision Decide(Remedy remedy, WarrantyReasonCode code, string reason) =>
            new(remedy, code, reason, start, end, days);

        if (days < 0)
        {
            return Decide(Remedy.NotCovered, WarrantyReasonCode.BeforeWarrantyStart,
                $"The warranty starts on {Format(start)}, after {Format(at)}.");
        }

        if (at > end)
        {
            return Decide(Remedy.PaidRepair, WarrantyReasonCode.WarrantyExpired,
                $"The warranty ended on {Format(end)}; repairs are charged.");
        }

        if (facts.Exclusions != WarrantyExclusions.None)
        {
            var (code, sentence) = Describe(facts.Exclusions);
            return Decide(Remedy.NotCovered, code, sentence);
        }

        var origin = facts.AcceptanceDate is null ? "sale" : "acceptance";
        return days switch
        {
            <= LastReturnDay => Decide(Remedy.Return, WarrantyReasonCode.WithinReturnPeriod,
                $"Day {days} after {origin}: within the {LastReturnDay}-day return period."),
            <= LastExchangeDay => Decide(Remedy.Exchange, WarrantyReasonCode.WithinExchangePeriod,
                $"Day {days} after {origin}: within the {LastExchangeDay}-day exchange period."),
            _ when at > modelEnd => Decide(Remedy.FreeRepair,
                WarrantyReasonCode.WithinContract,
                $"The model's warranty ended on {Format(modelEnd)}; the service contract covers repairs until {Format(end)}."),
            _ => Decide(Remedy.FreeRepair, WarrantyReasonCode.WithinWarranty,
                $"Within the {facts.ModelWarrantyMonths}-month warranty until {Format(end)}: repairs are free."),
        };
    }

    private static (WarrantyReasonCode Code, string Sentence) Describe(WarrantyExclusions exclusions)
    {
        var found = Exclusions.Where(e => exclusions.HasFlag(e.Flag)).ToList();
        var sentence = "Not covered: " + string.Join("; ", found.Select(e => e.Text)) + ".";
        return (found[0].Code, sentence);
    }

    private static readonly (WarrantyExclusions Flag, WarrantyReasonCode Code, string Text)[] Exclusions =
    [
        (WarrantyExclusions.NoValidProof, WarrantyReasonCode.NoValidProof, "no valid proof of purchase"),
        (WarrantyExclusions.AlteredSerial, WarrantyReasonCode.AlteredSerial, "the serial number has been altered or removed"),
        (WarrantyExclusions.Misuse, WarrantyReasonCode.Misuse, "the damage comes from use against the manual"),
        (WarrantyExclusions.UnauthorisedRepair, WarrantyReasonCode.UnauthorisedRepair, "the product was repaired by an unauthorised person"),
        (WarrantyExclusions.AccidentOrForceMajeure, WarrantyReasonCode.AccidentOrForceMajeure, "the damage comes from an accident or force majeure"),
    ];

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
