using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// A structured loop with a bound: each time a path reaches it, Body is taken while the condition holds and fewer
/// than <c>max</c> turns have run; otherwise Done (and the count starts again). The body leads back to the Loop.
/// Placed before the body it is a while loop, after it a repeat…until. Being bounded, a loop through it needs no
/// blocking activity.
/// </summary>
public sealed class Loop : Activity
{
    public const int MaxIterations = 1000;

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Loop",
        Category = "Flow",
        DisplayName = "Loop",
        Description = "Takes Body while a condition holds, at most max times (a while or repeat loop); then Done.",
        Outcomes = ["Body", "Done"],
        RequiredOutcomes = ["Body"],
        BoundsCycles = true,
        Inputs =
        [
            new("while", "While", "boolean", "expression", Required: true, Description: "Checked each time: e.g. vars.attempts < 3 && !outputs.retest?.passed"),
            new("max", "At most", "number", "number", Default: 10, Description: $"The bound on turns per pass (1–{MaxIterations})."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var max = (int)Math.Clamp(context.InputNumber("max") ?? 10, 0, MaxIterations);
        var turns = context.LoopIterations;
        var condition = Decision.IsTrue(context.Input("while"));
        if (condition && turns < max)
        {
            context.LoopIterations = turns + 1;
            return ValueTask.FromResult(ActivityResult.Done("Body", new JsonObject { ["iteration"] = turns + 1 }));
        }
        context.LoopIterations = 0;
        return ValueTask.FromResult(ActivityResult.Done("Done", new JsonObject { ["iterations"] = turns, ["exhausted"] = condition }));
    }
}
