namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Parallel split: every connection leaving "Branch" runs.</summary>
public sealed class Fork : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Fork",
        Category = "Flow",
        DisplayName = "Fork",
        Description = "Starts every path connected to Branch at once (parallel split).",
        Outcomes = ["Branch"],
        RequiredOutcomes = ["Branch"],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done("Branch"));
}
