using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

/// <summary>
/// Where a path waits. The one source of truth: a row, created in the burst that suspends and
/// deleted in the burst that resumes. Its key (name + correlation key) is a contract outside
/// senders compute. A row with <see cref="DueAt"/> is a timer.
/// </summary>
public sealed class BookmarkRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityInstanceId { get; set; }
    public required string Name { get; set; }
    public required string CorrelationKey { get; set; }
    public string? Payload { get; set; }
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Set, compare-and-swap, when the timer fired and its resume dispatch was written.</summary>
    public DateTimeOffset? FiredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class BookmarkRecordConfiguration : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> e)
    {
        e.ToTable("workflow_bookmarks");
        e.HasKey(x => x.Id);
        e.Property(x => x.ActivityId).HasMaxLength(100);
        e.Property(x => x.ActivityInstanceId).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.CorrelationKey).HasMaxLength(200);
        e.HasIndex(x => new { x.Name, x.CorrelationKey });
        e.HasIndex(x => x.InstanceId);
        e.HasIndex(x => new { x.FiredAt, x.DueAt });
    }
}
