using Orchestrator.Domain.Parts;

namespace Orchestrator.Domain.Tests.Parts;

public class StockLedgerTests
{
    private const string Sensor = "TS-10K";
    private static readonly StockLocation Shanghai = StockLocation.Warehouse("WH-SH");
    private static readonly StockLocation Beijing = StockLocation.Warehouse("WH-BJ");
    private static readonly StockLocation WangsVan = StockLocation.Van("T-WANG");
    private static readonly StockLocation ShanghaiDefective = StockLocation.DefectiveBin("WH-SH");

    /// <summary>Coil sensor: safety 2, min 5, max 20.</summary>
    private static readonly Part CoilSensor = new(Sensor, "Indoor coil temperature sensor", 18.50m, new StockLevels(2, 5, 20));

    private static StockLedger Ledger(int inShanghai = 10, int inVan = 0, int reservedInShanghai = 0) =>
        new([CoilSensor],
        [
            new StockPosition(Sensor, Shanghai, new StockBalance(inShanghai, reservedInShanghai)),
            new StockPosition(Sensor, WangsVan, new StockBalance(inVan, 0)),
        ]);

    [Fact]
    public void Receiving_adds_to_the_warehouse_and_journals_the_delivery()
    {
        var ledger = Ledger(inShanghai: 10);

        var result = ledger.Apply(new Receive(Sensor, Shanghai, 6, "PO-2024-031"));

        Assert.True(result.Succeeded);
        Assert.Equal(new StockBalance(16, 0), ledger.BalanceOf(Sensor, Shanghai));
        Assert.Equal(new StockEntry("Receive", Sensor, Shanghai, 6, 0, new StockBalance(16, 0), "PO-2024-031"), Assert.Single(result.Entries));
    }

    [Fact]
    public void Issuing_to_a_technician_moves_stock_from_the_warehouse_to_the_van()
    {
        var ledger = Ledger(inShanghai: 10);

        var result = ledger.Apply(new IssueToTechnician(Sensor, Shanghai, WangsVan, 3));

        Assert.True(result.Succeeded);
        Assert.Equal(7, ledger.BalanceOf(Sensor, Shanghai).OnHand);
        Assert.Equal(3, ledger.BalanceOf(Sensor, WangsVan).OnHand);
        Assert.Equal([(Shanghai, -3), (WangsVan, 3)], result.Entries.Select(e => (e.Location, e.OnHandChange)));
    }

    [Fact]
    public void Issuing_more_than_the_warehouse_holds_is_refused_and_changes_nothing()
    {
        var ledger = Ledger(inShanghai: 2);

        var result = ledger.Apply(new IssueToTechnician(Sensor, Shanghai, WangsVan, 3));

        Assert.False(result.Succeeded);
        Assert.Equal(RefusalCode.InsufficientOnHand, result.Refusal?.Code);
        Assert.Equal("Cannot issue 3 × TS-10K from the warehouse WH-SH: only 2 on hand.", result.Refusal?.Message);
        Assert.Equal(2, ledger.BalanceOf(Sensor, Shanghai).OnHand);
        Assert.Equal(0, ledger.BalanceOf(Sensor, WangsVan).OnHand);
        Assert.Empty(result.Entries);
    }

    [Fact]
    public void Reserved_stock_cannot_be_issued_to_someone_else()
    {
        var ledger = Ledger(inShanghai: 5, reservedInShanghai: 3);

        var result = ledger.Apply(new IssueToTechnician(Sensor, Shanghai, WangsVan, 3));

        Assert.Equal(RefusalCode.InsufficientAvailable, result.Refusal?.Code);
        Assert.Contains("5 on hand but 3 reserved, so 2 available", result.Refusal?.Message);
    }

    [Fact]
    public void Consuming_on_a_job_takes_the_part_out_of_the_van()
    {
        var ledger = Ledger(inVan: 2);

        var result = ledger.Apply(new Consume(Sensor, WangsVan, 1, "SR-2024-000123"));

        Assert.True(result.Succeeded);
        Assert.Equal(1, ledger.BalanceOf(Sensor, WangsVan).OnHand);
        Assert.Equal("SR-2024-000123", result.Entries.Single().Reference);
    }

    [Fact]
    public void Consuming_more_than_the_van_carries_is_refused()
    {
        var ledger = Ledger(inShanghai: 10, inVan: 1);

        var result = ledger.Apply(new Consume(Sensor, WangsVan, 2, "SR-2024-000123"));

        Assert.Equal(RefusalCode.InsufficientOnHand, result.Refusal?.Code);
        Assert.Equal(1, ledger.BalanceOf(Sensor, WangsVan).OnHand);
    }

    [Fact]
    public void Consuming_needs_the_job_reference()
    {
        var result = Ledger(inVan: 2).Apply(new Consume(Sensor, WangsVan, 1, " "));

        Assert.Equal(RefusalCode.MissingReference, result.Refusal?.Code);
    }

    [Fact]
    public void Returning_unused_parts_moves_them_from_the_van_back_to_the_warehouse()
    {
        var ledger = Ledger(inShanghai: 4, inVan: 3);

        var result = ledger.Apply(new ReturnUnused(Sensor, WangsVan, Shanghai, 2));

        Assert.True(result.Succeeded);
        Assert.Equal(1, ledger.BalanceOf(Sensor, WangsVan).OnHand);
        Assert.Equal(6, ledger.BalanceOf(Sensor, Shanghai).OnHand);
    }

    [Fact]
    public void Returning_more_unused_parts_than_the_van_carries_is_refused()
    {
        var result = Ledger(inVan: 1).Apply(new ReturnUnused(Sensor, WangsVan, Shanghai, 2));

        Assert.Equal(RefusalCode.InsufficientOnHand, result.Refusal?.Code);
    }

    [Fact]
    public void Defective_returns_go_to_the_defective_bin_and_never_count_as_usable_stock()
    {
        var ledger = Ledger(inShanghai: 10, inVan: 1);

        var result = ledger.Apply(new ReturnDefective(Sensor, WangsVan, Shanghai, 2, "SR-2024-000123"));

        Assert.True(result.Succeeded);
        Assert.Equal(2, ledger.BalanceOf(Sensor, ShanghaiDefective).OnHand);
        Assert.Equal(1, ledger.BalanceOf(Sensor, WangsVan).OnHand);
        Assert.Equal(10, ledger.LevelOf(Sensor));
        Assert.Empty(result.Alerts);
    }

    [Fact]
    public void Scrapping_writes_parts_off_and_cannot_scrap_more_than_is_there()
    {
        var ledger = Ledger();
        ledger.Apply(new ReturnDefective(Sensor, WangsVan, Shanghai, 2));

        var scrapped = ledger.Apply(new Scrap(Sensor, ShanghaiDefective, 2, "SCRAP-07"));
        var tooMany = ledger.Apply(new Scrap(Sensor, ShanghaiDefective, 1));

        Assert.True(scrapped.Succeeded);
        Assert.Equal(0, ledger.BalanceOf(Sensor, ShanghaiDefective).OnHand);
        Assert.Equal(RefusalCode.InsufficientOnHand, tooMany.Refusal?.Code);
    }

    [Fact]
    public void Reserving_lowers_available_stock_but_not_stock_on_hand()
    {
        var ledger = Ledger(inShanghai: 10);

        var result = ledger.Apply(new Reserve(Sensor, Shanghai, 4, "SR-2024-000200"));

        Assert.True(result.Succeeded);
        Assert.Equal(new StockBalance(10, 4), ledger.BalanceOf(Sensor, Shanghai));
        Assert.Equal(6, ledger.BalanceOf(Sensor, Shanghai).Available);
    }

    [Fact]
    public void Reserving_more_than_is_available_is_refused()
    {
        var result = Ledger(inShanghai: 10, reservedInShanghai: 8).Apply(new Reserve(Sensor, Shanghai, 3, "SR-2024-000201"));

        Assert.Equal(RefusalCode.InsufficientAvailable, result.Refusal?.Code);
    }

    [Fact]
    public void Releasing_a_reservation_makes_the_stock_available_again_but_not_more_than_was_reserved()
    {
        var ledger = Ledger(inShanghai: 10, reservedInShanghai: 4);

        var released = ledger.Apply(new ReleaseReservation(Sensor, Shanghai, 4, "SR-2024-000200"));
        var tooMuch = ledger.Apply(new ReleaseReservation(Sensor, Shanghai, 1, "SR-2024-000200"));

        Assert.True(released.Succeeded);
        Assert.Equal(new StockBalance(10, 0), ledger.BalanceOf(Sensor, Shanghai));
        Assert.Equal(RefusalCode.InsufficientReserved, tooMuch.Refusal?.Code);
    }

    [Fact]
    public void Scrapping_reserved_stock_is_refused()
    {
        var result = Ledger(inShanghai: 3, reservedInShanghai: 3).Apply(new Scrap(Sensor, Shanghai, 1));

        Assert.Equal(RefusalCode.InsufficientAvailable, result.Refusal?.Code);
    }

    [Theory]
    [MemberData(nameof(MovementsAtTheWrongLocation))]
    public void Movements_at_the_wrong_kind_of_location_are_refused(StockMovement movement)
    {
        var ledger = Ledger(inShanghai: 10, inVan: 10);

        var result = ledger.Apply(movement);

        Assert.Equal(RefusalCode.WrongLocation, result.Refusal?.Code);
        Assert.Equal(10, ledger.BalanceOf(Sensor, Shanghai).OnHand);
    }

    public static TheoryData<StockMovement> MovementsAtTheWrongLocation => new()
    {
        new Receive(Sensor, WangsVan, 1),
        new IssueToTechnician(Sensor, Shanghai, Beijing, 1),
        new Consume(Sensor, Shanghai, 1, "SR-1"),
        new ReturnUnused(Sensor, Shanghai, WangsVan, 1),
        new Reserve(Sensor, ShanghaiDefective, 1, "SR-1"),
    };

    [Fact]
    public void Unknown_parts_and_non_positive_quantities_are_refused()
    {
        var ledger = Ledger();

        Assert.Equal(RefusalCode.UnknownPart, ledger.Apply(new Receive("NOPE", Shanghai, 1)).Refusal?.Code);
        Assert.Equal(RefusalCode.InvalidQuantity, ledger.Apply(new Receive(Sensor, Shanghai, 0)).Refusal?.Code);
        Assert.Equal(RefusalCode.InvalidQuantity, ledger.Apply(new Scrap(Sensor, Shanghai, -1)).Refusal?.Code);
    }

    [Fact]
    public void A_batch_is_all_or_nothing_and_names_the_movement_it_refused()
    {
        var ledger = Ledger(inShanghai: 10);

        var result = ledger.Apply(
        [
            new IssueToTechnician(Sensor, Shanghai, WangsVan, 2),
            new Consume(Sensor, WangsVan, 3, "SR-2024-000300"),
        ]);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Refusal?.MovementIndex);
        Assert.Equal(10, ledger.BalanceOf(Sensor, Shanghai).OnHand);
        Assert.Equal(0, ledger.BalanceOf(Sensor, WangsVan).OnHand);
    }

    [Fact]
    public void A_reservation_can_be_released_and_issued_to_its_job_in_one_batch()
    {
        var ledger = Ledger(inShanghai: 6, reservedInShanghai: 6);

        var result = ledger.Apply(
        [
            new ReleaseReservation(Sensor, Shanghai, 2, "SR-2024-000200"),
            new IssueToTechnician(Sensor, Shanghai, WangsVan, 2, "SR-2024-000200"),
        ]);

        Assert.True(result.Succeeded);
        Assert.Equal(new StockBalance(4, 4), ledger.BalanceOf(Sensor, Shanghai));
    }

    [Fact]
    public void Eight_issues_of_one_against_the_last_five_units_leave_exactly_five_issued_and_none_negative()
    {
        var ledger = Ledger(inShanghai: 5);

        var results = Enumerable.Range(1, 8)
            .Select(i => ledger.Apply(new IssueToTechnician(Sensor, Shanghai, StockLocation.Van($"T-{i}"), 1)))
            .ToList();

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.Equal(0, ledger.BalanceOf(Sensor, Shanghai).OnHand);
        Assert.All(ledger.Positions, p => Assert.True(p.Balance.OnHand >= 0 && p.Balance.Available >= 0));
    }

    [Fact]
    public void Falling_below_the_minimum_raises_a_reorder_alert_once()
    {
        var ledger = Ledger(inShanghai: 6);

        var crossing = ledger.Apply(new IssueToTechnician(Sensor, Shanghai, WangsVan, 2));
        var further = ledger.Apply(new IssueToTechnician(Sensor, Shanghai, WangsVan, 1));

        Assert.Equal([new StockAlert(Sensor, StockAlertKind.BelowMin, 4, 5)], crossing.Alerts);
        Assert.Empty(further.Alerts);
    }

    [Fact]
    public void One_movement_can_cross_the_minimum_and_the_safety_stock_at_once()
    {
        var ledger = Ledger(inShanghai: 6);

        var result = ledger.Apply(new IssueToTechnician(Sensor, Shanghai, WangsVan, 5));

        Assert.Equal(
        [
            new StockAlert(Sensor, StockAlertKind.BelowMin, 1, 5),
            new StockAlert(Sensor, StockAlertKind.BelowSafety, 1, 2),
        ], result.Alerts);
    }

    [Fact]
    public void Receiving_past_the_maximum_raises_an_overstock_alert()
    {
        var ledger = Ledger(inShanghai: 18);

        var result = ledger.Apply(new Receive(Sensor, Shanghai, 5));

        Assert.Equal([new StockAlert(Sensor, StockAlertKind.AboveMax, 23, 20)], result.Alerts);
    }

    [Fact]
    public void A_reservation_counts_against_the_level()
    {
        var result = Ledger(inShanghai: 5).Apply(new Reserve(Sensor, Shanghai, 1, "SR-2024-000400"));

        Assert.Equal([new StockAlert(Sensor, StockAlertKind.BelowMin, 4, 5)], result.Alerts);
    }

    [Fact]
    public void The_level_sums_available_stock_over_all_warehouses_but_not_vans()
    {
        var ledger = Ledger(inShanghai: 3, inVan: 7, reservedInShanghai: 1);
        ledger.Apply(new Receive(Sensor, Beijing, 4));

        Assert.Equal(6, ledger.LevelOf(Sensor));
    }

    [Fact]
    public void Consuming_from_a_van_does_not_move_the_warehouse_level()
    {
        var result = Ledger(inShanghai: 5, inVan: 2).Apply(new Consume(Sensor, WangsVan, 2, "SR-2024-000500"));

        Assert.Empty(result.Alerts);
    }

    [Fact]
    public void Opening_balances_that_break_the_rules_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new StockLedger([CoilSensor], [new StockPosition(Sensor, Shanghai, new StockBalance(2, 3))]));
        Assert.Throws<ArgumentException>(() => new StockLedger([CoilSensor], [new StockPosition("NOPE", Shanghai, new StockBalance(1, 0))]));
    }

    [Fact]
    public void Stock_levels_must_run_safety_then_min_then_max()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StockLevels(5, 3, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StockLevels(1, 5, 4));
    }
}
