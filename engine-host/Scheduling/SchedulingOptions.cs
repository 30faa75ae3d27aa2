namespace Orchestrator.EngineHost.Scheduling;

/// <summary>The <c>Scheduling</c> section.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// Drive workflow timers with Quartz.NET (persistent ADO job store in the application's database).
    /// Off, the engine's in-process timer pump alone fires them; tests with a fake clock turn it off,
    /// because Quartz runs on the real clock.
    /// </summary>
    public bool Quartz { get; set; } = true;
}
