using System.Text.Json;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Waits for a duration or until a time, on a durable timer.</summary>
public sealed class Delay : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Delay",
        Category = "Time",
        DisplayName = "Delay",
        Description = "Waits for a duration (PT30M, P3D, 02:00:00) or until a point in time. Survives restarts.",
        Kind = ActivityKind.Blocking,
        AcceptsTimeout = false, // a delay is its own timer
        Inputs =
        [
            new("duration", "Duration", "duration", "duration", Description: "How long to wait."),
            new("until", "Until", "datetime", "datetime", Description: "Or: when to continue (ISO 8601)."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        DateTimeOffset due;
        if (context.InputDuration("duration") is { } duration)
            due = context.Now + duration;
        else if (context.Input("until") is { } until && until.GetValueKind() == JsonValueKind.String &&
                 DateTimeOffset.TryParse(until.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
                     System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            due = at;
        else
            return ValueTask.FromResult(ActivityResult.Fault("Delay needs a duration or an 'until' time."));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(Runtime.BookmarkNames.Timer, context.ActivityInstanceId, null, due)));
    }
}
