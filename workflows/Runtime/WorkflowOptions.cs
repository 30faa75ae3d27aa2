using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Workflows.Runtime;

/// <summary>The <c>Workflows</c> configuration section.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>Dispatches claimed per round trip, run in one transaction (group commit; 128 measured best on SQLite and PostgreSQL, docs/benchmarks.md session 12).</summary>
    [Range(1, 1000)]
    public int ClaimBatch { get; set; } = 128;

    /// <summary>Parallel dispatcher loops. SQLite has one writer, so 1 there; more on PostgreSQL / SQL Server.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>How long a claim is held before another node may run the dispatch.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fallback polling when no in-process signal came (another node wrote the dispatch).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an event that found no waiting bookmark is kept for one that appears later.</summary>
    public TimeSpan PendingEventTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A dispatch that failed (not a fault of an activity: an infrastructure error) this often is dead-lettered.</summary>
    [Range(1, 1000)]
    public int MaxDispatchAttempts { get; set; } = 10;

    /// <summary>Whether this process runs the dispatcher and the timer pump (off for API-only nodes and some tests).</summary>
    public bool RunDispatcher { get; set; } = true;

    /// <summary>Run one flow through the engine in a rolled-back transaction before the host reports started (<see cref="EngineWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;

    public string NodeName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
