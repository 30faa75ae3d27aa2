namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Where every flow begins. Exactly one per flow.</summary>
public sealed class Start : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Start",
        Category = "Flow",
        DisplayName = "Start",
        Description = "Where the flow begins. The flow's input is available as input.* in expressions.",
        Kind = ActivityKind.Trigger,
        Outcomes = ["Done"],
        RequiredOutcomes = ["Done"],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done("Done"));
}
