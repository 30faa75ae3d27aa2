namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Ends the instance: every other path still waiting is withdrawn (its tasks cancelled, its timers removed).</summary>
public sealed class End : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "End",
        Category = "Flow",
        DisplayName = "End",
        Description = "Ends the flow. Anything still waiting on other paths is withdrawn. Optionally sets the flow's result.",
        Outcomes = [],
        Inputs = [new("result", "Result", "json", "json", Description: "Stored as the variable 'result'.")],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.Node.Inputs.ContainsKey("result"))
            context.SetVariable("result", context.Input("result"));
        return ValueTask.FromResult(ActivityResult.Terminate());
    }
}
