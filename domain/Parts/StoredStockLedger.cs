using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;

namespace Orchestrator.Domain.Parts;

/// <summary>
/// The <see cref="StockLedger"/> over the database: loads the stored balances of the parts a batch touches, applies
/// the batch, and writes the new balances and the journal in one commit. Each balance written is compared-and-swapped
/// on its version; when another movement got there first, the batch is read again and re-applied, so concurrent issues
/// of the last units never take more than there is (a database check constraint is the last guard).
/// </summary>
public sealed class StoredStockLedger(DbContext db, TimeProvider time, IAuditActor actor)
{
    private const int Attempts = 50;

    public async Task<MovementResult> ApplyAsync(IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.HasChanges())
            throw new InvalidOperationException("Apply stock movements in a context without other unsaved changes.");
        var partNumbers = movements.Select(m => m.PartNumber).Distinct(StringComparer.Ordinal).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var parts = await db.Set<PartRecord>().AsNoTracking().Where(p => partNumbers.Contains(p.PartNumber)).ToListAsync(cancellationToken);
            var stored = await db.Set<StockPositionRecord>().Where(p => partNumbers.Contains(p.PartNumber)).ToListAsync(cancellationToken);
            var ledger = new StockLedger(parts.Select(p => p.ToPart()), stored.Select(p => p.ToPosition()));
            var result = ledger.Apply(movements);
            if (!result.Succeeded)
            {
                db.ChangeTracker.Clear();
                return result;
            }

            Write(result, stored);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return result;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // another movement changed (or created) one of these balances since we read it: read again
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(1, 3 + Math.Min(attempt, 20)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Applies the movements to the balances as this context's transaction sees them and adds the new balances and the
    /// journal to the context without saving: they commit with the caller's other changes (a workflow burst). A balance
    /// another movement changed meanwhile fails that commit on its version, and the caller's unit of work runs again.
    /// </summary>
    public async Task<MovementResult> StageAsync(IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken)
    {
        var partNumbers = movements.Select(m => m.PartNumber).Distinct(StringComparer.Ordinal).ToList();
        var parts = await db.Set<PartRecord>().AsNoTracking().Where(p => partNumbers.Contains(p.PartNumber)).ToListAsync(cancellationToken);
        var stored = await db.Set<StockPositionRecord>().Where(p => partNumbers.Contains(p.PartNumber)).ToListAsync(cancellationToken);
        var ledger = new StockLedger(parts.Select(p => p.ToPart()), stored.Select(p => p.ToPosition()));
        var result = ledger.Apply(movements);
        if (result.Succeeded)
            Write(result, stored);
        return result;
    }

    private void Write(MovementResult result, List<StockPositionRecord> stored)
    {
        var now = time.GetUtcNow();
        var batch = Guid.CreateVersion7();
        var who = actor.Name;
        var touched = new HashSet<StockPositionRecord>();
        foreach (var entry in result.Entries)
        {
            var record = stored.FirstOrDefault(p => p.PartNumber == entry.PartNumber && p.LocationKind == entry.Location.Kind
                && p.LocationId == entry.Location.Id);
            if (record is null)
            {
                record = new StockPositionRecord { PartNumber = entry.PartNumber, LocationKind = entry.Location.Kind, LocationId = entry.Location.Id };
                stored.Add(record);
                db.Add(record);
            }
            else if (touched.Add(record))
            {
                record.Version++;
            }

            (record.OnHand, record.Reserved, record.UpdatedAt) = (entry.After.OnHand, entry.After.Reserved, now);
            db.Add(new StockMovementRecord
            {
                BatchId = batch,
                At = now,
                Actor = who,
                Movement = entry.Movement,
                PartNumber = entry.PartNumber,
                LocationKind = entry.Location.Kind,
                LocationId = entry.Location.Id,
                OnHandChange = entry.OnHandChange,
                ReservedChange = entry.ReservedChange,
                OnHandAfter = entry.After.OnHand,
                ReservedAfter = entry.After.Reserved,
                Reference = entry.Reference,
            });
        }
    }
}
