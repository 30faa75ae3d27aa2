namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Merges parallel paths. WaitAll continues once every inbound connection has arrived; WaitAny
/// continues on the first arrival and ignores the others until all have arrived (then it resets).
/// </summary>
public sealed class Join : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Join",
        Category = "Flow",
        DisplayName = "Join",
        Description = "Waits for all inbound paths (WaitAll) or continues on the first (WaitAny).",
        Outcomes = ["Done"],
        Inputs = [new("mode", "Mode", "choice", "dropdown", Default: "WaitAll", ExpressionAllowed: false, Choices: ["WaitAll", "WaitAny"])],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var inbound = context.InboundConnections;
        if (inbound.Count <= 1 || context.Inbound is null)
            return ValueTask.FromResult(ActivityResult.Done("Done"));
        var arrived = context.JoinArrivals();
        var first = arrived.Count == 0;
        var key = context.Inbound.ToString();
        if (!arrived.Contains(key))
            arrived.Add(key);
        var all = inbound.All(c => arrived.Contains(c.ToString()));
        if (all)
            arrived.Clear();
        var proceed = context.InputString("mode") == "WaitAny" ? first : all;
        return ValueTask.FromResult(proceed ? ActivityResult.Done("Done") : ActivityResult.Absorbed);
    }
}
