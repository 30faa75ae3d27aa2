using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

[JsonConverter(typeof(JsonStringEnumConverter<DispatchKind>))]
public enum DispatchKind
{
    Start,
    Resume,
    Cancel,
    Retry,
    Skip,
}

[JsonConverter(typeof(JsonStringEnumConverter<DispatchStatus>))]
public enum DispatchStatus
{
    Pending = 0,
    Done = 1,
    /// <summary>Failed more times than allowed; kept and visible, never silently dropped.</summary>
    Dead = 2,
}

/// <summary>
/// A stimulus, written and committed before it is answered. A dispatcher claims it with a lease,
/// runs the burst, and marks it done in the burst's own transaction.
/// </summary>
public sealed class DispatchRecord
{
    public long Id { get; set; }
    public DispatchKind Kind { get; set; }
    public Guid InstanceId { get; set; }
    public string? Payload { get; set; }
    public DispatchStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NotBefore { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Result { get; set; }
    public string? Error { get; set; }
}

internal sealed class DispatchRecordConfiguration : IEntityTypeConfiguration<DispatchRecord>
{
    public void Configure(EntityTypeBuilder<DispatchRecord> e)
    {
        e.ToTable("workflow_dispatches");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedOnAdd();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<int>().IsConcurrencyToken();
        e.Property(x => x.LeaseOwner).HasMaxLength(100);
        e.Property(x => x.Error).HasMaxLength(4000);
        // the claim walks the pending dispatches in id order, then probes each candidate's instance for an earlier
        // pending one (DispatchClaimer)
        e.HasIndex(x => x.Id, "ix_workflow_dispatches_pending").HasFilter("status = 0");
        e.HasIndex(x => new { x.InstanceId, x.Status, x.Id });
    }
}
