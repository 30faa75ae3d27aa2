using Orchestrator.Domain.Warranty;

namespace Orchestrator.Domain.Tests.Warranty;

public class WarrantyEvaluatorTests
{
    private static readonly DateOnly Sold = new(2024, 3, 1);

    private static WarrantyFacts SoldOnMarch1st => new() { SaleDate = Sold };

    private static WarrantyDecision On(DateOnly at, WarrantyFacts? facts = null) =>
        WarrantyEvaluator.Evaluate(facts ?? SoldOnMarch1st, at);

    [Fact]
    public void The_sale_day_itself_is_day_0_and_a_return()
    {
        var decision = On(Sold);

        Assert.Equal(Remedy.Return, decision.Remedy);
        Assert.Equal(0, decision.DaysSinceStart);
    }

    [Fact]
    public void Bought_on_the_1st_and_brought_back_on_the_8th_is_day_7_and_still_a_return()
    {
        var decision = On(new DateOnly(2024, 3, 8));

        Assert.Equal(Remedy.Return, decision.Remedy);
        Assert.Equal(WarrantyReasonCode.WithinReturnPeriod, decision.ReasonCode);
        Assert.Equal(7, decision.DaysSinceStart);
    }

    [Fact]
    public void Day_8_is_an_exchange()
    {
        var decision = On(new DateOnly(2024, 3, 9));

        Assert.Equal(Remedy.Exchange, decision.Remedy);
        Assert.Equal(WarrantyReasonCode.WithinExchangePeriod, decision.ReasonCode);
        Assert.Equal(8, decision.DaysSinceStart);
    }

    [Fact]
    public void Day_30_is_still_an_exchange()
    {
        var decision = On(new DateOnly(2024, 3, 31));

        Assert.Equal(Remedy.Exchange, decision.Remedy);
        Assert.Equal(30, decision.DaysSinceStart);
    }

    [Fact]
    public void Day_31_is_a_free_repair()
    {
        var decision = On(new DateOnly(2024, 4, 1));

        Assert.Equal(Remedy.FreeRepair, decision.Remedy);
        Assert.Equal(WarrantyReasonCode.WithinWarranty, decision.ReasonCode);
        Assert.Equal(31, decision.DaysSinceStart);
    }

    [Fact]
    public void A_one_year_warranty_covers_the_same_date_one_year_later()
    {
        var decision = On(new DateOnly(2025, 3, 1));

        Assert.Equal(Remedy.FreeRepair, decision.Remedy);
        Assert.Equal(new DateOnly(2025, 3, 1), decision.WarrantyEnd);
    }

    [Fact]
    public void The_day_after_the_warranty_end_is_a_paid_repair()
    {
        var decision = On(new DateOnly(2025, 3, 2));

        Assert.Equal(Remedy.PaidRepair, decision.Remedy);
        Assert.Equal(WarrantyReasonCode.WarrantyExpired, decision.ReasonCode);
        Assert.Contains("2025-03-01", decision.Reason);
    }

    [Fact]
    public void A_warranty_started_on_the_29th_of_February_ends_on_the_last_day_of_February()
    {
        var facts = new WarrantyFacts { SaleDate = new DateOnly(2024, 2, 29) };

        Assert.Equal(new DateOnly(2025, 2, 28), On(new DateOnly(2025, 2, 28), facts).WarrantyEnd);
        Assert.Equal(Remedy.PaidRepair, On(new DateOnly(2025, 3, 1), facts).Remedy);
    }

    [Fact]
    public void The_warranty_starts_at_acceptance_when_the_product_was_installed_later()
    {
        var facts = SoldOnMarch1st with { AcceptanceDate = new DateOnly(2024, 3, 20) };

        var decision = On(new DateOnly(2024, 3, 25), facts);

        Assert.Equal(Remedy.Return, decision.Remedy);
        Assert.Equal(5, decision.DaysSinceStart);
        Assert.Equal(new DateOnly(2024, 3, 20), decision.WarrantyStart);
        Assert.Equal(new DateOnly(2025, 3, 20), decision.WarrantyEnd);
        Assert.Contains("acceptance", decision.Reason);
    }

    [Fact]
    public void A_model_with_a_longer_term_repairs_free_for_longer()
    {
        var facts = SoldOnMarch1st with { ModelWarrantyMonths = 36 };

        Assert.Equal(Remedy.FreeRepair, On(new DateOnly(2027, 3, 1), facts).Remedy);
        Assert.Equal(Remedy.PaidRepair, On(new DateOnly(2027, 3, 2), facts).Remedy);
    }

    [Fact]
    public void A_longer_service_contract_extends_free_repair_to_its_last_day()
    {
        var facts = SoldOnMarch1st with { ContractCoverageEnd = new DateOnly(2026, 2, 28) };

        var lastContractDay = On(new DateOnly(2026, 2, 28), facts);
        var dayAfter = On(new DateOnly(2026, 3, 1), facts);

        Assert.Equal(Remedy.FreeRepair, lastContractDay.Remedy);
        Assert.Equal(WarrantyReasonCode.WithinContract, lastContractDay.ReasonCode);
        Assert.Equal(new DateOnly(2026, 2, 28), lastContractDay.WarrantyEnd);
        Assert.Equal(Remedy.PaidRepair, dayAfter.Remedy);
    }

    [Fact]
    public void A_contract_ending_before_the_model_warranty_does_not_shorten_it()
    {
        var facts = SoldOnMarch1st with { ContractCoverageEnd = new DateOnly(2024, 9, 1) };

        var decision = On(new DateOnly(2024, 12, 1), facts);

        Assert.Equal(Remedy.FreeRepair, decision.Remedy);
        Assert.Equal(WarrantyReasonCode.WithinWarranty, decision.ReasonCode);
        Assert.Equal(new DateOnly(2025, 3, 1), decision.WarrantyEnd);
    }

    [Theory]
    [InlineData(WarrantyExclusions.NoValidProof, WarrantyReasonCode.NoValidProof, "proof of purchase")]
    [InlineData(WarrantyExclusions.AlteredSerial, WarrantyReasonCode.AlteredSerial, "serial number")]
    [InlineData(WarrantyExclusions.Misuse, WarrantyReasonCode.Misuse, "against the manual")]
    [InlineData(WarrantyExclusions.UnauthorisedRepair, WarrantyReasonCode.UnauthorisedRepair, "unauthorised")]
    [InlineData(WarrantyExclusions.AccidentOrForceMajeure, WarrantyReasonCode.AccidentOrForceMajeure, "force majeure")]
    public void Each_exclusion_turns_a_covered_case_into_not_covered_with_its_reason(
        WarrantyExclusions exclusion, WarrantyReasonCode code, string words)
    {
        var facts = SoldOnMarch1st with { Exclusions = exclusion };

        foreach (var day in new[] { new DateOnly(2024, 3, 2), new DateOnly(2024, 3, 20), new DateOnly(2024, 10, 1) })
        {
            var decision = On(day, facts);

            Assert.Equal(Remedy.NotCovered, decision.Remedy);
            Assert.Equal(code, decision.ReasonCode);
            Assert.Contains(words, decision.Reason);
        }
    }

    [Fact]
    public void Several_exclusions_are_all_named_and_the_first_gives_the_code()
    {
        var facts = SoldOnMarch1st with { Exclusions = WarrantyExclusions.Misuse | WarrantyExclusions.AlteredSerial };

        var decision = On(new DateOnly(2024, 6, 1), facts);

        Assert.Equal(WarrantyReasonCode.AlteredSerial, decision.ReasonCode);
        Assert.Contains("serial number", decision.Reason);
        Assert.Contains("against the manual", decision.Reason);
    }

    [Fact]
    public void After_the_warranty_an_exclusion_still_leaves_a_paid_repair()
    {
        var facts = SoldOnMarch1st with { Exclusions = WarrantyExclusions.Misuse };

        Assert.Equal(Remedy.PaidRepair, On(new DateOnly(2025, 6, 1), facts).Remedy);
    }

    [Fact]
    public void A_date_before_the_start_is_not_covered_and_counts_negative_days()
    {
        var decision = On(new DateOnly(2024, 2, 27));

        Assert.Equal(Remedy.NotCovered, decision.Remedy);
        Assert.Equal(WarrantyReasonCode.BeforeWarrantyStart, decision.ReasonCode);
        Assert.Equal(-3, decision.DaysSinceStart);
    }

    [Fact]
    public void A_warranty_of_zero_months_cannot_be_recorded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SoldOnMarch1st with { ModelWarrantyMonths = 0 });
    }
}
