using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Sla;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>A service request's status history: each status it entered and when. Pause statuses in it stop the SLA clock.</summary>
public sealed class SlaStatusChangeRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public required string Status { get; set; }

    public DateTimeOffset At { get; set; }

    public string? By { get; set; }
}

/// <summary>A supervisor's manual due time for one target of a request, with the reason; the latest per target applies.</summary>
public sealed class SlaOverrideRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public SlaTargetKind Target { get; set; }

    /// <summary>The due time set by hand; null removes the override (the computed due time applies again).</summary>
    public DateTimeOffset? Due { get; set; }

    /// <summary>The computed due time when the override was made.</summary>
    public DateTimeOffset? ComputedDue { get; set; }

    public required string Reason { get; set; }

    public required string By { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A request moved to a newer version of its policy by an explicit apply (<c>POST …/versions/{v}/apply</c>): before
/// <see cref="At"/> the pause statuses of <see cref="FromVersion"/> count, so time already paused stays paused.
/// </summary>
public sealed class SlaRetargetRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public required string PolicyId { get; set; }

    public int FromVersion { get; set; }

    public int ToVersion { get; set; }

    public DateTimeOffset At { get; set; }

    public required string By { get; set; }

    /// <summary>The apply job that moved it.</summary>
    public Guid JobId { get; set; }
}

public enum SlaEscalationState
{
    /// <summary>Waiting for its due time (none while the target is met, paused or the request done).</summary>
    Pending,

    /// <summary>Claimed and its actions committed: never again.</summary>
    Fired,
}

/// <summary>
/// A durable timer: one escalation step of a request's policy version. Fired once: the firing host claims the row with
/// a compare-and-swap (Pending → Fired) in the same transaction that writes the step's effects.
/// </summary>
public sealed class SlaEscalationRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RequestId { get; set; }

    public required string PolicyId { get; set; }

    public int Version { get; set; }

    /// <summary>The step's index in the version's escalations.</summary>
    public int Step { get; set; }

    public SlaTargetKind Target { get; set; }

    public required string Action { get; set; }

    /// <summary>When it fires; null while it cannot (target met, clock paused, request done).</summary>
    public DateTimeOffset? DueAt { get; set; }

    public SlaEscalationState Status { get; set; }

    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>What firing did, e.g. <c>emailed lead@example.com</c> or <c>priority High → Urgent</c>.</summary>
    public string? Outcome { get; set; }
}

public enum SlaJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,

    /// <summary>Stopped at an admin's request before it finished (impact previews).</summary>
    Cancelled,
}

/// <summary>A long SLA computation (impact preview, applying a version to open requests) run in the background; its progress and result are stored.</summary>
public sealed class SlaJobRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Kind { get; set; }

    public SlaJobStatus Status { get; set; }

    /// <summary>The job's input as JSON.</summary>
    public required string Parameters { get; set; }

    public long Done { get; set; }

    public long Total { get; set; }

    /// <summary>The answer as JSON when it succeeded.</summary>
    public string? Result { get; set; }

    public string? Error { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class SlaRecordConfigurations :
    IEntityTypeConfiguration<SlaStatusChangeRecord>, IEntityTypeConfiguration<SlaOverrideRecord>,
    IEntityTypeConfiguration<SlaEscalationRecord>, IEntityTypeConfiguration<SlaJobRecord>, IEntityTypeConfiguration<SlaRetargetRecord>
{
    public void Configure(EntityTypeBuilder<SlaRetargetRecord> e)
    {
        e.ToTable("sla_retargets");
        e.HasKey(x => x.Id);
        e.Property(x => x.PolicyId).HasMaxLength(64);
        e.Property(x => x.By).HasMaxLength(200);
        e.HasIndex(x => new { x.RequestId, x.At });
        e.HasIndex(x => x.JobId);
    }

    public void Configure(EntityTypeBuilder<SlaStatusChangeRecord> e)
    {
        e.ToTable("sla_status_changes");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasMaxLength(64);
        e.Property(x => x.By).HasMaxLength(200);
        // covering for the impact preview: a request's history in order (id breaks ties) with its statuses, without the rows;
        // and which requests were ever in a status, without reading the history
        e.HasIndex(x => new { x.RequestId, x.At, x.Id, x.Status });
        e.HasIndex(x => new { x.Status, x.RequestId });
    }

    public void Configure(EntityTypeBuilder<SlaOverrideRecord> e)
    {
        e.ToTable("sla_overrides");
        e.HasKey(x => x.Id);
        e.Property(x => x.Target).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.By).HasMaxLength(200);
        e.HasIndex(x => new { x.RequestId, x.At });
    }

    public void Configure(EntityTypeBuilder<SlaEscalationRecord> e)
    {
        e.ToTable("sla_escalations");
        e.HasKey(x => x.Id);
        e.Property(x => x.PolicyId).HasMaxLength(64);
        e.Property(x => x.Target).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Action).HasMaxLength(100);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Outcome).HasMaxLength(1000);
        e.HasIndex(x => new { x.RequestId, x.PolicyId, x.Version, x.Step }).IsUnique();
        e.HasIndex(x => new { x.Status, x.DueAt });
    }

    public void Configure(EntityTypeBuilder<SlaJobRecord> e)
    {
        e.ToTable("sla_jobs");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(64);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Error).HasMaxLength(4000);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.HasIndex(x => x.CreatedAt);
    }
}
