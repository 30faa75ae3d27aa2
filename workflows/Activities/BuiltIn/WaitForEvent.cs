namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Waits for an event by name and correlation key (<c>POST /api/events/{name}</c>). An event that
/// arrived before the flow got here is delivered at once (within its time-to-live).
/// </summary>
public sealed class WaitForEvent : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "WaitForEvent",
        Category = "Events",
        DisplayName = "Wait for event",
        Description = "Waits until an event with this name and correlation key is raised; its payload becomes the output.",
        Kind = ActivityKind.Blocking,
        Inputs =
        [
            new("event", "Event name", "string", "singleline", Required: true, ExpressionAllowed: false),
            new("correlationKey", "Correlation key", "string", "singleline", Required: true,
                Description: "Which event instance, e.g. {{ input.rmaNumber }}."),
            new("persistent", "Keep early events", "boolean", "checkbox", Default: true, ExpressionAllowed: false,
                Description: "On (persistent trigger): an event raised before the flow got here is delivered. Off (transient): only an event raised while it waits counts."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.InputString("event")!;
        var key = context.InputString("correlationKey");
        if (string.IsNullOrEmpty(key))
            return ValueTask.FromResult(ActivityResult.Fault($"The correlation key of event '{name}' is empty."));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(Runtime.BookmarkNames.EventPrefix + name, key)));
    }
}
