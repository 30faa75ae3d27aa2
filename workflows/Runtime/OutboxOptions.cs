using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Workflows.Runtime;

/// <summary>The <c>Outbox</c> configuration section: how messages written by bursts are delivered.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this process delivers the outbox (it also needs <see cref="WorkflowOptions.RunDispatcher"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Fallback polling when no in-process signal came (another node wrote the row, a retry became due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows claimed per round trip.</summary>
    [Range(1, 500)]
    public int ClaimBatch { get; set; } = 16;

    /// <summary>Deliveries in flight at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>How long a claim is held; a process that dies mid-delivery leaves the row to be tried again after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest one attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after the first failed attempt; it doubles after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a message is retried before it is dead-lettered (counted as the sum of the waits).</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);
}
