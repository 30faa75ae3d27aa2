using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    /// <summary>Accepted; its start dispatch has not run yet.</summary>
    Pending,
    Running,
    /// <summary>Every path waits on a bookmark.</summary>
    Suspended,
    /// <summary>An activity exhausted its retries: an incident waits for retry, skip or cancel.</summary>
    Faulted,
    Completed,
    Cancelled,
}

/// <summary>
/// A running (or finished) flow, pinned to the definition version it started with. Every update
/// checks <see cref="ConcurrencyVersion"/> (compare-and-swap); logs and history live in their own tables.
/// </summary>
public sealed class InstanceRecord
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    public int DefinitionVersion { get; set; }
    public Guid DefinitionRecordId { get; set; }
    public InstanceStatus Status { get; set; }
    public string? CorrelationId { get; set; }
    public Guid? ParentInstanceId { get; set; }
    public bool Sandbox { get; set; }
    public string Input { get; set; } = "{}";
    public string State { get; set; } = "{}";
    public string? Output { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int ConcurrencyVersion { get; set; }

    public bool IsFinished => Status is InstanceStatus.Completed or InstanceStatus.Cancelled;
}

internal sealed class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> e)
    {
        e.ToTable("workflow_instances");
        e.HasKey(x => x.Id);
        e.Property(x => x.DefinitionId).HasMaxLength(100);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.CorrelationId).HasMaxLength(200);
        e.Property(x => x.Error).HasMaxLength(4000);
        e.Property(x => x.ConcurrencyVersion).IsConcurrencyToken();
        e.HasIndex(x => new { x.DefinitionId, x.Status });
        e.HasIndex(x => x.CorrelationId);
        e.HasIndex(x => x.ParentInstanceId);
        e.HasIndex(x => x.Status);
    }
}
