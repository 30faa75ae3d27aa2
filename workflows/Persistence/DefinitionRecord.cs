using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Workflows.Definitions;

namespace Orchestrator.Workflows.Persistence;

/// <summary>One version of a definition. Published and retired rows never change content.</summary>
public sealed class DefinitionRecord
{
    public Guid Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public DefinitionStatus Status { get; set; }
    public required string Name { get; set; }
    public required string Content { get; set; }
    public required string ContentHash { get; set; }
    public string? Comment { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    /// <summary>Bumped on every draft save: a save that names an older revision is a conflict.</summary>
    public int Revision { get; set; }
}

internal sealed class DefinitionRecordConfiguration : IEntityTypeConfiguration<DefinitionRecord>
{
    public void Configure(EntityTypeBuilder<DefinitionRecord> e)
    {
        e.ToTable("workflow_definitions");
        e.HasKey(x => x.Id);
        e.Property(x => x.DefinitionId).HasMaxLength(100);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.ContentHash).HasMaxLength(64);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.Property(x => x.PublishedBy).HasMaxLength(100);
        e.Property(x => x.Comment).HasMaxLength(2000);
        e.Property(x => x.Revision).IsConcurrencyToken();
        e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
        // one published and one draft row per definition, by index (not by count-then-insert)
        e.HasIndex(x => x.DefinitionId, "ux_workflow_definitions_published").IsUnique().HasFilter("status = 'Published'");
        e.HasIndex(x => x.DefinitionId, "ux_workflow_definitions_draft").IsUnique().HasFilter("status = 'Draft'");
    }
}
