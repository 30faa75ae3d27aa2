namespace Orchestrator.Domain.Parts;

/// <summary>
/// Applies stock movements to balances of parts at locations, never letting on-hand or available stock
/// (on hand − reserved) go negative, and reports the stock levels each accepted movement crosses.
/// </summary>
/// <remarks>
/// Pure and deterministic: the ledger holds only the balances it was given, so a caller can load the affected rows
/// inside a database transaction, apply, and write back <see cref="MovementResult.Entries"/>. A batch is all or nothing.
/// Not thread-safe: one ledger per unit of work. Expected failures (unknown part, insufficient stock, wrong location)
/// are refusals in the result, never exceptions, and a refused movement or batch changes nothing.
/// </remarks>
public sealed class StockLedger
{
    private readonly Dictionary<string, Part> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<Key, StockBalance> _balances = [];

    public StockLedger(IEnumerable<Part> parts, IEnumerable<StockPosition>? opening = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            if (!_parts.TryAdd(part.PartNumber, part))
            {
                throw new ArgumentException($"Part {part.PartNumber} appears more than once.", nameof(parts));
            }
        }

        foreach (var position in opening ?? [])
        {
            var (onHand, reserved) = position.Balance;
            if (!_parts.ContainsKey(position.PartNumber) || reserved < 0 || reserved > onHand
                || (reserved > 0 && position.Location.Kind == StockLocationKind.DefectiveBin)
                || !_balances.TryAdd(new Key(position.PartNumber, position.Location), position.Balance))
            {
                throw new ArgumentException($"Invalid or duplicate opening position {position}.", nameof(opening));
            }
        }
    }

    public IReadOnlyCollection<Part> Parts => _parts.Values;

    /// <summary>Every non-empty balance, ordered by part number, location kind and location id.</summary>
    public IReadOnlyList<StockPosition> Positions =>
        _balances.Where(b => b.Value != default)
            .OrderBy(b => b.Key.PartNumber, StringComparer.Ordinal)
            .ThenBy(b => b.Key.Location.Kind)
            .ThenBy(b => b.Key.Location.Id, StringComparer.Ordinal)
            .Select(b => new StockPosition(b.Key.PartNumber, b.Key.Location, b.Value))
            .ToList();

    public StockBalance BalanceOf(string partNumber, StockLocation location) =>
        _balances.GetValueOrDefault(new Key(partNumber, location));

    /// <summary>
    /// The quantity a part's <see cref="StockLevels"/> are checked against: its available stock (on hand − reserved)
    /// summed over all warehouses. Van stock is already out with technicians and defective bins are unusable.
    /// </summary>
    public int LevelOf(string partNumber) => Level(_balances, partNumber);

    public MovementResult Apply(StockMovement movement) => Apply([movement]);

    /// <summary>Applies the movements in order, all or none; alerts compare each part's level before and after the batch.</summary>
    public MovementResult Apply(IReadOnlyList<StockMovement> movements)
    {
        ArgumentNullException.ThrowIfNull(movements);
        var batch = new Batch(this);
        for (var i = 0; i < movements.Count; i++)
        {
            if (batch.Apply(movements[i]) is { } refusal)
            {
                return MovementResult.Refused(refusal with { MovementIndex = i });
            }
        }

        var alerts = new List<StockAlert>();
        foreach (var partNumber in batch.Entries.Select(e => e.PartNumber).Distinct(StringComparer.Ordinal))
        {
            var levels = _parts[partNumber].Levels;
            var before = LevelOf(partNumber);
            var after = Level(batch.Balances, partNumber);
            if (before >= levels.Min && after < levels.Min)
            {
                alerts.Add(new StockAlert(partNumber, StockAlertKind.BelowMin, after, levels.Min));
            }

            if (before >= levels.Safety && after < levels.Safety)
            {
                alerts.Add(new StockAlert(partNumber, StockAlertKind.BelowSafety, after, levels.Safety));
            }

            if (before <= levels.Max && after > levels.Max)
            {
                alerts.Add(new StockAlert(partNumber, StockAlertKind.AboveMax, after, levels.Max));
            }
        }

        foreach (var (key, balance) in batch.Balances)
        {
            _balances[key] = balance;
        }

        return MovementResult.Accepted(batch.Entries, alerts);
    }

    private static int Level(IEnumerable<KeyValuePair<Key, StockBalance>> balances, string partNumber) =>
        balances.Where(b => b.Key.PartNumber == partNumber && b.Key.Location.Kind == StockLocationKind.Warehouse)
            .Sum(b => b.Value.Available);

    private readonly record struct Key(string PartNumber, StockLocation Location);

    /// <summary>Working copy of the balances a batch touches, merged into the ledger only when every movement passes.</summary>
    private sealed class Batch(StockLedger ledger)
    {
        private readonly Dictionary<Key, StockBalance> _changed = [];

        public List<StockEntry> Entries { get; } = [];

        public IEnumerable<KeyValuePair<Key, StockBalance>> Balances =>
            ledger._balances.Where(b => !_changed.ContainsKey(b.Key)).Concat(_changed);

        public MovementRefusal? Apply(StockMovement movement)
        {
            var q = movement.Quantity;
            var verb = Verb(movement);
            if (!ledger._parts.ContainsKey(movement.PartNumber))
            {
                return new(RefusalCode.UnknownPart, $"Cannot {verb}: part {movement.PartNumber} is not in the part master.");
            }

            if (q <= 0)
            {
                return new(RefusalCode.InvalidQuantity, $"Cannot {verb} {q} × {movement.PartNumber}: the quantity must be positive.");
            }

            if (movement is Consume or Reserve or ReleaseReservation && string.IsNullOrWhiteSpace(movement.Reference))
            {
                return new(RefusalCode.MissingReference, $"Cannot {verb} {q} × {movement.PartNumber}: the job reference is required.");
            }

            return movement switch
            {
                Receive m => Expect(m.Warehouse, StockLocationKind.Warehouse, verb) ?? Add(m, m.Warehouse, q, 0),
                IssueToTechnician m => Expect(m.Warehouse, StockLocationKind.Warehouse, verb)
                    ?? Expect(m.Van, StockLocationKind.Van, verb) ?? Take(m, m.Warehouse) ?? Add(m, m.Van, q, 0),
                Consume m => Expect(m.Van, StockLocationKind.Van, verb) ?? Take(m, m.Van),
                ReturnUnused m => Expect(m.Van, StockLocationKind.Van, verb)
                    ?? Expect(m.Warehouse, StockLocationKind.Warehouse, verb) ?? Take(m, m.Van) ?? Add(m, m.Warehouse, q, 0),
                ReturnDefective m => Expect(m.Van, StockLocationKind.Van, verb)
                    ?? Expect(m.Warehouse, StockLocationKind.Warehouse, verb)
                    ?? Add(m, StockLocation.DefectiveBin(m.Warehouse.Id), q, 0),
                Scrap m => Take(m, m.From),
                Reserve m => NotDefective(m.Location, verb) ?? ReserveStock(m),
                ReleaseReservation m => NotDefective(m.Location, verb) ?? Release(m),
                _ => throw new NotSupportedException($"Unknown stock movement {movement.GetType().Name}."),
            };
        }

        private MovementRefusal? Take(StockMovement m, StockLocation from)
        {
            var balance = Get(m.PartNumber, from);
            if (balance.OnHand < m.Quantity)
            {
                return new(RefusalCode.InsufficientOnHand,
                    $"{Describe(m, "from", from)}: only {balance.OnHand} on hand.");
            }

            if (balance.Available < m.Quantity)
            {
                return new(RefusalCode.InsufficientAvailable,
                    $"{Describe(m, "from", from)}: {balance.OnHand} on hand but {balance.Reserved} reserved, so {balance.Available} available.");
            }

            return Add(m, from, -m.Quantity, 0);
        }

        private MovementRefusal? ReserveStock(Reserve m)
        {
            var balance = Get(m.PartNumber, m.Location);
            return balance.Available < m.Quantity
                ? new(RefusalCode.InsufficientAvailable,
                    $"{Describe(m, "at", m.Location)}: only {balance.Available} available ({balance.OnHand} on hand, {balance.Reserved} reserved).")
                : Add(m, m.Location, 0, m.Quantity);
        }

        private MovementRefusal? Release(ReleaseReservation m)
        {
            var balance = Get(m.PartNumber, m.Location);
            return balance.Reserved < m.Quantity
                ? new(RefusalCode.InsufficientReserved, $"{Describe(m, "at", m.Location)}: only {balance.Reserved} reserved.")
                : Add(m, m.Location, 0, -m.Quantity);
        }

        private MovementRefusal? Add(StockMovement m, StockLocation location, int onHand, int reserved)
        {
            var key = new Key(m.PartNumber, location);
            var before = Get(m.PartNumber, location);
            var after = new StockBalance(before.OnHand + onHand, before.Reserved + reserved);
            _changed[key] = after;
            Entries.Add(new StockEntry(m.GetType().Name, m.PartNumber, location, onHand, reserved, after, m.Reference));
            return null;
        }

        private StockBalance Get(string partNumber, StockLocation location)
        {
            var key = new Key(partNumber, location);
            return _changed.TryGetValue(key, out var balance) ? balance : ledger._balances.GetValueOrDefault(key);
        }

        private static MovementRefusal? Expect(StockLocation location, StockLocationKind kind, string verb) =>
            location.Kind == kind
                ? null
                : new(RefusalCode.WrongLocation, $"Cannot {verb} with the {location}: a {Kind(kind)} is expected there.");

        private static MovementRefusal? NotDefective(StockLocation location, string verb) =>
            location.Kind == StockLocationKind.DefectiveBin
                ? new(RefusalCode.WrongLocation, $"Cannot {verb} in the {location}: defective parts are never reserved.")
                : null;

        private static string Describe(StockMovement m, string preposition, StockLocation location) =>
            $"Cannot {Verb(m)} {m.Quantity} × {m.PartNumber} {preposition} the {location}";

        private static string Verb(StockMovement m) => m switch
        {
            Receive => "receive",
            IssueToTechnician => "issue",
            Consume => "consume",
            ReturnUnused => "return unused",
            ReturnDefective => "return defective",
            Scrap => "scrap",
            Reserve => "reserve",
            ReleaseReservation => "release",
            _ => m.GetType().Name,
        };

        private static string Kind(StockLocationKind kind) => kind switch
        {
            StockLocationKind.Warehouse => "warehouse",
            StockLocationKind.Van => "technician's van",
            _ => "defective bin",
        };
    }
}
