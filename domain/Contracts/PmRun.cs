using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Contracts;

public enum PmRunStatus
{
    /// <summary>Asked for (POST /api/pm-runs); waiting for the worker.</summary>
    Queued,
    Running,

    /// <summary>Every plan was looked at (some may have failed: see the counts and errors).</summary>
    Succeeded,

    /// <summary>The run broke off (an error, a host that stopped); what it created stays, a new run goes on from there.</summary>
    Failed,
}

/// <summary>One plan the run could not open a request for, and why.</summary>
public sealed record PmRunError(Guid PlanId, DateOnly DueDate, string Message);

/// <summary>
/// A run of PM generation (the hourly Quartz job, or an admin's POST): how many plans it looked at, how many requests it
/// opened, how many it found opened already, how many failed, and its progress while it runs.
/// </summary>
public sealed class PmRun
{
    public const int MaxReportedErrors = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary><c>schedule</c> (the Quartz job) or <c>manual</c>.</summary>
    public required string Trigger { get; set; }

    /// <summary>Only this contract's plans, when set (a run by hand for one contract).</summary>
    public Guid? ContractId { get; set; }

    public PmRunStatus Status { get; set; }

    /// <summary>The day the run counted from: a plan is due when its next due date is within its lead time of it.</summary>
    public DateOnly? Today { get; set; }

    /// <summary>Active plans falling due within the longest lead time: what the run has to look at.</summary>
    public int Total { get; set; }

    public int Scanned { get; set; }

    public int Created { get; set; }

    /// <summary>Plans whose request for the due date was opened already (by an earlier run or another node).</summary>
    public int Existing { get; set; }

    public int Failed { get; set; }

    public List<PmRunError> Errors { get; set; } = [];

    public string? Message { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Last sign of life of the worker running it; a running run without one for minutes was interrupted.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public bool IsFinished => Status is PmRunStatus.Succeeded or PmRunStatus.Failed;
}

internal sealed class PmRunConfiguration : IEntityTypeConfiguration<PmRun>
{
    public void Configure(EntityTypeBuilder<PmRun> e)
    {
        e.ToTable("pm_runs");
        e.HasKey(x => x.Id);
        e.Property(x => x.Trigger).HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Errors).AsJson();
        e.Property(x => x.Message).HasMaxLength(2000);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.Ignore(x => x.IsFinished);
        e.HasIndex(x => new { x.Status, x.CreatedAt });
        e.HasIndex(x => x.CreatedAt);
    }
}
