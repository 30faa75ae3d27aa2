using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

/// <summary>One activity execution event: Started, Completed, Suspended, Resumed, Faulted, Cancelled.</summary>
public sealed class ExecutionLogRecord
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public int Sequence { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public required string Event { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset At { get; set; }
    public double? DurationMs { get; set; }
    public long? DispatchId { get; set; }
    public string? Stimulus { get; set; }
    public string? Message { get; set; }
}

internal sealed class ExecutionLogRecordConfiguration : IEntityTypeConfiguration<ExecutionLogRecord>
{
    public void Configure(EntityTypeBuilder<ExecutionLogRecord> e)
    {
        e.ToTable("workflow_execution_log");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedOnAdd();
        e.Property(x => x.ActivityId).HasMaxLength(100);
        e.Property(x => x.ActivityType).HasMaxLength(100);
        e.Property(x => x.Event).HasMaxLength(20);
        e.Property(x => x.Outcome).HasMaxLength(200);
        e.Property(x => x.Stimulus).HasMaxLength(200);
        e.Property(x => x.Message).HasMaxLength(4000);
        e.HasIndex(x => new { x.InstanceId, x.Sequence });
    }
}
