namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Writes a line to the instance's execution log.</summary>
public sealed class Log : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Log",
        Category = "Data",
        DisplayName = "Log",
        Description = "Writes a message (a template) to the instance's execution log.",
        Inputs = [new("message", "Message", "string", "multiline", Required: true)],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Log(context.InputString("message") ?? "");
        return ValueTask.FromResult(ActivityResult.Done("Done"));
    }
}
