using System.Text.Json.Nodes;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Activities.BuiltIn;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Expressions;

namespace Orchestrator.Workflows.Tests;

/// <summary>Small flows written the way the JSON format reads: activities, then connections "a.Outcome→b".</summary>
internal static class Flows
{
    public static Activity[] BuiltIns() =>
    [
        new Start(), new End(), new Decision(), new Switch(), new Fork(), new Join(), new SetVariable(), new Delay(),
        new WaitForEvent(), new HumanTask(), new SubWorkflow(), new HttpRequest(), new SendEmail(), new Log(),
        new DeferredChoice(), new Cancel(), new Loop(), new EnterSection(), new LeaveSection(), new ForEach(),
    ];

    public static ActivityRegistry Registry { get; } = new(BuiltIns());

    public static DefinitionValidator Validator { get; } = new(Registry, new ExpressionEngine());

    public static IReadOnlyList<ValidationError> Validate(WorkflowDefinition definition) => Validator.Validate(definition);

    public static WorkflowDefinition Flow(ActivityNode[] activities, params string[] connections) => new()
    {
        DefinitionId = "test-flow",
        Name = "Test flow",
        Activities = activities,
        Connections = connections.Select(C).ToList(),
    };

    public static ActivityNode A(string id, string type, params (string Name, JsonNode? Value)[] inputs) => new()
    {
        Id = id,
        Type = type,
        Inputs = inputs.ToDictionary(i => i.Name, i => i.Value),
    };

    public static JsonObject Expr(string expression) => new() { ["expression"] = expression };

    public static JsonObject Template(string template) => new() { ["template"] = template };

    public static JsonArray List(params string[] items) => new(items.Select(i => (JsonNode?)i).ToArray());

    /// <summary>"a.Done→b" (or "a.Done->b").</summary>
    public static Connection C(string text)
    {
        var parts = text.Replace("->", "→").Split('→');
        var dot = parts[0].LastIndexOf('.');
        return new Connection(parts[0][..dot].Trim(), parts[0][(dot + 1)..].Trim(), parts[1].Trim());
    }

    /// <summary>
    /// A valid flow: start → check (Decision) → True: review (HumanTask: Approve / Reject) → end; False: end.
    /// Indexes: start 0, check 1, review 2, end 3.
    /// </summary>
    public static WorkflowDefinition Valid() => Flow(
        [
            A("start", "Start"),
            A("check", "Decision", ("condition", Expr("input.amount > 1000"))),
            A("review", "HumanTask", ("title", Template("Review {{ input.amount }}")), ("outcomes", List("Approve", "Reject"))),
            A("end", "End"),
        ],
        "start.Done→check", "check.True→review", "check.False→end", "review.Approve→end", "review.Reject→end");

    /// <summary>The valid flow with one more activity appended (index 4) and more connections.</summary>
    public static WorkflowDefinition ValidPlus(ActivityNode extra, params string[] connections)
    {
        var d = Valid();
        return d with { Activities = [.. d.Activities, extra], Connections = [.. d.Connections, .. connections.Select(C)] };
    }
}
