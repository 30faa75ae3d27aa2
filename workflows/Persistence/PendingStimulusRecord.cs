using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

/// <summary>
/// An event that arrived before any bookmark waited for it. Kept until its time-to-live passes and
/// delivered when a matching bookmark appears; after the TTL it stays visible as undelivered.
/// </summary>
public sealed class PendingStimulusRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string CorrelationKey { get; set; }
    public string? Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public Guid? DeliveredTo { get; set; }
}

internal sealed class PendingStimulusRecordConfiguration : IEntityTypeConfiguration<PendingStimulusRecord>
{
    public void Configure(EntityTypeBuilder<PendingStimulusRecord> e)
    {
        e.ToTable("workflow_pending_stimuli");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.CorrelationKey).HasMaxLength(200);
        e.HasIndex(x => new { x.Name, x.CorrelationKey, x.DeliveredAt });
    }
}
