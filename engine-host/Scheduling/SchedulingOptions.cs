using System.ComponentModel.DataAnnotations;

namespace Orchestrator.EngineHost.Scheduling;

/// <summary>The <c>Scheduling</c> section.</summary>
public sealed class SchedulingOptions : IValidatableObject
{
    public const string Section = "Scheduling";

    /// <summary>
    /// Drive workflow timers with Quartz.NET (persistent ADO job store in the application's database).
    /// Off, the engine's in-process timer pump alone fires them; tests with a fake clock turn it off,
    /// because Quartz runs on the real clock.
    /// </summary>
    public bool Quartz { get; set; } = true;

    /// <summary>How many days ahead of its due date a PM plan's request opens, for plans that do not say.</summary>
    [Range(0, 365)]
    public int PmLeadDays { get; set; } = 7;

    /// <summary>How many days after a request closed its revisit (callback) is due when its flow did not call.</summary>
    [Range(0, 90)]
    public int CallbackAfterDays { get; set; } = 3;

    /// <summary>How far back the revisit sweep looks: requests closed longer ago than the callback delay plus this are left alone.</summary>
    [Range(1, 365)]
    public int RevisitWindowDays { get; set; } = 30;

    /// <summary>When the PM generation job runs (a Quartz cron expression with seconds; default every hour on the hour).</summary>
    public string PmGenerationCron { get; set; } = "0 0 * * * ?";

    /// <summary>When the revisit sweep runs (a Quartz cron expression with seconds; default every hour at minute 30).</summary>
    public string RevisitSweepCron { get; set; } = "0 30 * * * ?";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(PmGenerationCron), PmGenerationCron), (nameof(RevisitSweepCron), RevisitSweepCron) })
        {
            if (!global::Quartz.CronExpression.TryParse(value, out _))
                yield return new ValidationResult(
                    $"Scheduling:{name} '{value}' is no Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 0 * * * ?').",
                    [name]);
        }
    }
}
