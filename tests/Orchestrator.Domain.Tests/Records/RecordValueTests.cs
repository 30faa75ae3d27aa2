using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Tests.Records;

public class RecordValueTests
{
    [Theory]
    [InlineData(" kf35-2024/001 ", "KF35-2024/001")]
    [InlineData("ab1", "AB1")]
    [InlineData("ab", null)]
    [InlineData("-AB123", null)]
    [InlineData("AB 123", null)]
    [InlineData("序列号123", null)]
    public void A_serial_number_is_stored_in_one_canonical_form(string raw, string? canonical) =>
        Assert.Equal(canonical, SerialNumber.Normalize(raw));

    [Fact]
    public void Money_is_whole_fen_and_refuses_fractions_of_a_fen()
    {
        Assert.Equal(12050, Money.FromYuan(120.5m).Fen);
        Assert.Equal("200.50", (Money.FromYuan(120.5m) + Money.FromYuan(80m)).ToString());
        var errors = new FieldErrors();
        errors.Money("partsCost", 1.005m);
        errors.Money("travelCost", -1m);
        Assert.Equal(["partsCost", "travelCost"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_enum_is_read_by_name_only()
    {
        var errors = new FieldErrors();
        Assert.Equal(ContractLevel.Premium, errors.Enum<ContractLevel>("level", "premium"));
        errors.Enum<ContractLevel>("byNumber", "2");
        errors.Enum<ContractLevel>("unknown", "Platinum");
        errors.Enum<ContractLevel>("missing", null);
        Assert.Equal(ContractLevel.Standard, errors.Enum("defaulted", "", ContractLevel.Standard));
        Assert.Equal(["byNumber", "missing", "unknown"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_next_maintenance_is_due_an_interval_after_the_actual_visit()
    {
        var plan = new PmPlan { IntervalMonths = 6, NextDueDate = new DateOnly(2026, 3, 1) };
        plan.Completed(new DateOnly(2026, 3, 20));
        Assert.Equal((new DateOnly(2026, 3, 20), new DateOnly(2026, 9, 20)), (plan.LastCompletedDate!.Value, plan.NextDueDate));
    }
}
