namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Parallel split: every connection leaving "Branch" runs — <c>threads</c> times each (thread split).</summary>
public sealed class Fork : Activity
{
    public const int MaxThreads = 100;

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Fork",
        Category = "Flow",
        DisplayName = "Fork",
        Description = "Starts every path connected to Branch at once (parallel split).",
        Outcomes = ["Branch"],
        RequiredOutcomes = ["Branch"],
        MultipleOutcomes = true,
        Inputs =
        [
            new("threads", "Threads", "number", "number", Default: 1, ExpressionAllowed: false,
                Description: $"How many threads to start on each path (thread split, 1–{MaxThreads}); a Join in mode WaitN merges them."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var threads = (int)Math.Clamp(context.InputNumber("threads") ?? 1, 1, MaxThreads);
        return ValueTask.FromResult(ActivityResult.Done(Enumerable.Repeat("Branch", threads).ToList()));
    }
}
