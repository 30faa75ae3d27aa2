namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Deferred choice (event-based gateway): every blocking activity connected to Branch waits at once; the first
/// to be resumed — a task completed, an event raised, a timer fired — wins, and the others are withdrawn in the
/// same step (their tasks cancelled, their timers and bookmarks removed).
/// </summary>
public sealed class DeferredChoice : Activity
{
    public const string TypeName = "DeferredChoice";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = TypeName,
        Category = "Flow",
        DisplayName = "Deferred choice",
        Description = "Waits for the first of several tasks, events or timers (each connected to Branch); the others are withdrawn.",
        Outcomes = ["Branch"],
        RequiredOutcomes = ["Branch"],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done("Branch"));
}
