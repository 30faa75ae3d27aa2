using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

/// <summary>An activity that exhausted its retries. The instance waits until an admin retries, skips or cancels.</summary>
public sealed class IncidentRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public required string Message { get; set; }
    public string? Exception { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? Resolution { get; set; }
}

internal sealed class IncidentRecordConfiguration : IEntityTypeConfiguration<IncidentRecord>
{
    public void Configure(EntityTypeBuilder<IncidentRecord> e)
    {
        e.ToTable("workflow_incidents");
        e.HasKey(x => x.Id);
        e.Property(x => x.ActivityId).HasMaxLength(100);
        e.Property(x => x.ActivityType).HasMaxLength(100);
        e.Property(x => x.Message).HasMaxLength(4000);
        e.Property(x => x.Resolution).HasMaxLength(200);
        e.HasIndex(x => x.InstanceId);
    }
}
