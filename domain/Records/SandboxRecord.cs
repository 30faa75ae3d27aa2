namespace Orchestrator.Domain.Records;

/// <summary>
/// A record a designer test run may write (a sandbox service request, its RMA, its callback): marked
/// <see cref="Sandbox"/>, it is left out of every query by a global filter (lists, lookups, reminders, exports, reports),
/// written to no audit trail and numbered outside the real sequences; only the run's own steps find it
/// (<c>IgnoreQueryFilters</c>, looked up by the instance's own request).
/// </summary>
public interface ISandboxRecord
{
    bool Sandbox { get; }
}

public static class SandboxNumbers
{
    /// <summary>
    /// A test run's document number, <c>TEST-</c> and 12 hex digits (17 characters, within every number column): real
    /// numbering (SR-, RMA-) keeps no gap for a test run.
    /// </summary>
    public static string Next() => $"TEST-{Guid.NewGuid():N}"[..17].ToUpperInvariant();
}
