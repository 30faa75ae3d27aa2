using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>If / else on a condition.</summary>
public sealed class Decision : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Decision",
        Category = "Flow",
        DisplayName = "Decision",
        Description = "Takes True or False depending on a condition, e.g. input.amount > 1000.",
        Outcomes = ["True", "False"],
        RequiredOutcomes = ["True", "False"],
        Inputs = [new("condition", "Condition", "boolean", "expression", Required: true)],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done(IsTrue(context.Input("condition")) ? "True" : "False"));

    /// <summary>Truthiness as an analyst expects: false, null, 0, "" and "false" are false.</summary>
    public static bool IsTrue(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.Number => v.ToJsonString() is not ("0" or "0.0" or "-0") && double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) != 0,
            JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s && !s.Equals("false", StringComparison.OrdinalIgnoreCase),
            _ => true,
        },
        _ => true,
    };
}
