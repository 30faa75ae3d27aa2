using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

/// <summary>
/// A message for the outside world (email, outgoing HTTP call, webhook), written in the burst's
/// transaction and delivered after commit, at least once, with a stable idempotency key.
/// </summary>
public sealed class OutboxRecord
{
    public Guid Id { get; set; }
    public required string Channel { get; set; }
    public required string Payload { get; set; }
    public required string IdempotencyKey { get; set; }
    public Guid? InstanceId { get; set; }
    public string? ActivityId { get; set; }
    public string Status { get; set; } = "Pending";
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }
}

internal sealed class OutboxRecordConfiguration : IEntityTypeConfiguration<OutboxRecord>
{
    public void Configure(EntityTypeBuilder<OutboxRecord> e)
    {
        e.ToTable("workflow_outbox");
        e.HasKey(x => x.Id);
        e.Property(x => x.Channel).HasMaxLength(40);
        e.Property(x => x.IdempotencyKey).HasMaxLength(200);
        e.Property(x => x.ActivityId).HasMaxLength(100);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.LastError).HasMaxLength(4000);
        e.HasIndex(x => x.IdempotencyKey).IsUnique();
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
    }
}
