using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Sla;

/// <summary>An SLA policy as stored: its id and name; the rules live in its versions.</summary>
public sealed class SlaPolicyRecord : AuditedRecord
{
    /// <summary>A short id such as <c>default</c>.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }
}

public enum SlaVersionStatus
{
    /// <summary>Being edited; at most one per policy, never used for requests.</summary>
    Draft,

    /// <summary>Immutable; applies to requests opened from <see cref="SlaPolicyVersionRecord.EffectiveFrom"/> on.</summary>
    Published,
}

/// <summary>
/// One version of a policy: a draft being edited or a published, immutable document. A request opened at time t runs
/// under the published version with the latest effective-from ≤ t, and records which one.
/// </summary>
public sealed class SlaPolicyVersionRecord : GuidRecord
{
    public required string PolicyId { get; set; }

    public int Version { get; set; }

    public SlaVersionStatus Status { get; set; }

    /// <summary>The <see cref="SlaPolicyDocument"/> as JSON.</summary>
    public required string Document { get; set; }

    public DateTimeOffset? EffectiveFrom { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }

    public string? Comment { get; set; }
}

internal sealed class SlaPolicyRecordConfiguration : IEntityTypeConfiguration<SlaPolicyRecord>
{
    public void Configure(EntityTypeBuilder<SlaPolicyRecord> e)
    {
        e.ToTable("sla_policies");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(64);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Description).HasMaxLength(2000);
    }
}

internal sealed class SlaPolicyVersionRecordConfiguration : IEntityTypeConfiguration<SlaPolicyVersionRecord>
{
    public void Configure(EntityTypeBuilder<SlaPolicyVersionRecord> e)
    {
        e.ToTable("sla_policy_versions");
        e.HasKey(x => x.Id);
        e.Property(x => x.PolicyId).HasMaxLength(64);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.PublishedBy).HasMaxLength(200);
        e.Property(x => x.Comment).HasMaxLength(1000);
        e.HasOne<SlaPolicyRecord>().WithMany().HasForeignKey(x => x.PolicyId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.PolicyId, x.Version }).IsUnique();
        e.HasIndex(x => x.PolicyId, "ux_sla_policy_versions_draft").IsUnique().HasFilter("status = 'Draft'");
        e.HasIndex(x => new { x.PolicyId, x.Status, x.EffectiveFrom });
    }
}
