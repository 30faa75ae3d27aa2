using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Domain.Auditing;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>One change of one record: who, when, and each field's old and new value.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The record's type, e.g. <c>ServiceRequest</c>.</summary>
    public required string EntityType { get; set; }

    /// <summary>The record's key as text.</summary>
    public required string EntityId { get; set; }

    public AuditAction Action { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The changed fields as JSON: <c>[{"field":"priority","old":"Normal","new":"Urgent"}]</c>.</summary>
    public required string Changes { get; set; }
}

/// <summary>One field's change.</summary>
public sealed record FieldChange(string Field, object? Old, object? New);

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_entries");
        e.HasKey(x => x.Id);
        e.Property(x => x.EntityType).HasMaxLength(64);
        e.Property(x => x.EntityId).HasMaxLength(64);
        e.Property(x => x.Action).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.HasIndex(x => new { x.EntityType, x.EntityId, x.At });
        e.HasIndex(x => x.At);
    }
}
