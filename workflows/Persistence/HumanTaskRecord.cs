using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Workflows.Persistence;

[JsonConverter(typeof(JsonStringEnumConverter<HumanTaskStatus>))]
public enum HumanTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>A task for a person, created by a HumanTask activity in the burst that suspends on it.</summary>
public sealed class HumanTaskRecord
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? Assignee { get; set; }
    public string? Team { get; set; }
    public string? Role { get; set; }
    public string? Priority { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public HumanTaskStatus Status { get; set; }
    public string Outcomes { get; set; } = "[]";
    public string FormFields { get; set; } = "[]";
    public string? CorrelationId { get; set; }
    public string? Outcome { get; set; }
    public string? ResultData { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int Version { get; set; }

    /// <summary>A task of a designer test run: in nobody's inbox; the analyst completes it from the test-run panel.</summary>
    public bool Sandbox { get; set; }
}

internal sealed class HumanTaskRecordConfiguration : IEntityTypeConfiguration<HumanTaskRecord>
{
    public void Configure(EntityTypeBuilder<HumanTaskRecord> e)
    {
        e.ToTable("workflow_tasks");
        e.HasKey(x => x.Id);
        e.Property(x => x.ActivityId).HasMaxLength(100);
        e.Property(x => x.Title).HasMaxLength(500);
        e.Property(x => x.Assignee).HasMaxLength(100);
        e.Property(x => x.Team).HasMaxLength(100);
        e.Property(x => x.Role).HasMaxLength(100);
        e.Property(x => x.Priority).HasMaxLength(20);
        e.Property(x => x.CorrelationId).HasMaxLength(200);
        e.Property(x => x.Outcome).HasMaxLength(100);
        e.Property(x => x.CompletedBy).HasMaxLength(100);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
        // the all and breaching-soon views in due-time order; breaching-soon's count checks its OR of assignee / team / role in
        // the index itself (on SQLite a table row per open task due within the window: 30 → 2 ms at 100,000 open tasks)
        e.HasIndex(x => new { x.Status, x.DueAt, x.Assignee, x.Team, x.Role, x.Sandbox });
        e.HasIndex(x => x.InstanceId);
        // the inbox's views: mine / unassigned (assignee null), team, each in due-time order; unassigned also filters on the
        // team and role the user may take, read from the index itself (no table row per unassigned task)
        e.HasIndex(x => new { x.Assignee, x.Status, x.DueAt, x.Team, x.Role });
        e.HasIndex(x => new { x.Team, x.Status, x.DueAt });
        // every list counts its matches (up to 1,001) from this index alone: the views' and filters' task columns, test runs' flag
        e.HasIndex(x => new { x.Status, x.Assignee, x.Team, x.Role, x.Sandbox });
    }
}
