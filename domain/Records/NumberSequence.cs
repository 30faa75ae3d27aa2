using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Domain.Records;

/// <summary>
/// A named counter for document numbers (<c>SR-2026</c> → SR-2026-000001). Numbers are taken with a compare-and-swap
/// on <see cref="Value"/>, each in its own commit before the document is written: two callers never get the same
/// number, and a document that then fails to save leaves a gap, which numbering tolerates.
/// </summary>
public sealed class NumberSequence
{
    public required string Name { get; set; }

    /// <summary>The last number handed out.</summary>
    public long Value { get; set; }
}

internal sealed class NumberSequenceConfiguration : IEntityTypeConfiguration<NumberSequence>
{
    public void Configure(EntityTypeBuilder<NumberSequence> e)
    {
        e.ToTable("number_sequences");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(64);
        e.Property(x => x.Value).IsConcurrencyToken();
    }
}

public static class NumberSequences
{
    private const int Attempts = 200;

    /// <summary>
    /// The next number of <paramref name="name"/>, committed. Call it before adding the document to the context:
    /// it saves, so it refuses to run with other pending changes.
    /// </summary>
    public static async Task<long> NextAsync(DbContext db, string name, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.HasChanges())
            throw new InvalidOperationException("Take a number before adding the document: the context has unsaved changes.");

        for (var attempt = 1; ; attempt++)
        {
            var sequence = await db.Set<NumberSequence>().FirstOrDefaultAsync(s => s.Name == name, cancellationToken);
            if (sequence is null)
                db.Add(sequence = new NumberSequence { Name = name });
            sequence.Value++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.Entry(sequence).State = EntityState.Detached;
                return sequence.Value;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // someone else took this number (or created the row) first: read again and retry
                db.Entry(sequence).State = EntityState.Detached;
                await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(attempt, 20)), cancellationToken);
            }
        }
    }

    /// <summary>A yearly document number: <c>SR-2026-000042</c>.</summary>
    public static async Task<string> NextYearlyAsync(DbContext db, string prefix, int year, CancellationToken cancellationToken)
    {
        var value = await NextAsync(db, $"{prefix}-{year}", cancellationToken);
        return $"{prefix}-{year}-{value:000000}";
    }

    /// <summary>
    /// The next yearly number inside the caller's open transaction (a workflow burst): the counter moves with the
    /// caller's commit, or not at all. The counter's row stays locked until then, so keep such transactions short.
    /// </summary>
    public static async Task<string> NextYearlyInTransactionAsync(DbContext db, string prefix, int year, CancellationToken cancellationToken)
    {
        var name = $"{prefix}-{year}";
        var updated = await db.Set<NumberSequence>().Where(s => s.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, x => x.Value + 1), cancellationToken);
        long value = 1;
        if (updated == 0)
            db.Add(new NumberSequence { Name = name, Value = value }); // a first number of the year: a twin's insert fails the commit
        else
            value = await db.Set<NumberSequence>().AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstAsync(cancellationToken);
        return $"{prefix}-{year}-{value:000000}";
    }
}
