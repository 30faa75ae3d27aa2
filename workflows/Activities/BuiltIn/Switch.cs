using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Several named cases, each a condition; the first true case is taken (or every true case when
/// <c>mode</c> is <c>all</c>: multi-choice). Default when none is true.
/// </summary>
public sealed class Switch : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Switch",
        Category = "Flow",
        DisplayName = "Switch",
        Description = "Takes the first case whose condition is true (or all true cases in mode 'all'); Default when none is.",
        Outcomes = ["Default"],
        OutcomesInput = "cases",
        MultipleOutcomes = true,
        Inputs =
        [
            new("cases", "Cases", "list", "cases", Required: true, ExpressionAllowed: false,
                Description: "A list of { name, condition } where condition is an expression."),
            new("mode", "Mode", "choice", "dropdown", Default: "first", ExpressionAllowed: false, Choices: ["first", "all"]),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var all = context.InputString("mode") == "all";
        var taken = new List<string>();
        if (context.Node.Inputs.GetValueOrDefault("cases") is JsonArray cases)
        {
            foreach (var item in cases.OfType<JsonObject>())
            {
                var name = item["name"]?.GetValue<string>();
                if (name is null) continue;
                var condition = item["condition"];
                var value = condition is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? context.Evaluate(text.GetValue<string>())
                    : condition;
                if (!Decision.IsTrue(value)) continue;
                taken.Add(name);
                if (!all) break;
            }
        }
        return ValueTask.FromResult(ActivityResult.Done(taken.Count == 0 ? ["Default"] : taken));
    }
}
