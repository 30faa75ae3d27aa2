namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Sets a flow variable to a value (literal or expression).</summary>
public sealed class SetVariable : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "SetVariable",
        Category = "Data",
        DisplayName = "Set variable",
        Description = "Sets a flow variable (vars.<name>) to a value or the result of an expression.",
        Inputs =
        [
            new("name", "Variable", "string", "variable", Required: true, ExpressionAllowed: false),
            new("value", "Value", "json", "expression"),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.InputString("name")!;
        var value = context.Input("value");
        context.SetVariable(name, value);
        return ValueTask.FromResult(ActivityResult.Done("Done", value?.DeepClone()));
    }
}
