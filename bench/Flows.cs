using System.Text.Json.Nodes;
using Orchestrator.Workflows.Definitions;

namespace Orchestrator.Benchmarks;

/// <summary>The flows the benchmarks run, written as definitions (the same records the designer saves).</summary>
public static class Flows
{
    /// <summary>
    /// Start, then <paramref name="steps"/> activities alternating SetVariable and Log, then End:
    /// <c>steps + 2</c> activities in one sequence. Literal inputs, or Scriban expressions/templates.
    /// </summary>
    public static WorkflowDefinition Sequence(string id, int steps, bool expressions = false)
    {
        var activities = new List<ActivityNode> { Node("start", "Start") };
        for (var i = 1; i <= steps; i++)
        {
            activities.Add(i % 2 == 1
                ? Node($"step{i}", "SetVariable", new()
                {
                    ["name"] = $"v{i}",
                    ["value"] = expressions ? new JsonObject { ["expression"] = $"(input.n ?? 0) + {i}" } : JsonValue.Create(i),
                })
                : Node($"step{i}", "Log", new()
                {
                    ["message"] = expressions ? new JsonObject { ["template"] = $"step {i} of {{{{ instance.id }}}}" } : JsonValue.Create($"step {i}"),
                }));
        }
        activities.Add(Node("end", "End"));
        return Chain(id, activities);
    }

    /// <summary>Start → HumanTask → SetVariable → End: the task row appears in the first burst, the rest runs in the second.</summary>
    public static WorkflowDefinition WithTask(string id) => Chain(id,
    [
        Node("start", "Start"),
        Node("task", "HumanTask", new()
        {
            ["title"] = "Call the customer",
            ["outcomes"] = new JsonArray("Done"),
        }),
        Node("after", "SetVariable", new() { ["name"] = "called", ["value"] = true }),
        Node("end", "End"),
    ]);

    /// <summary>Start → Delay (input.delay seconds) → End.</summary>
    public static WorkflowDefinition WithDelay(string id) => Chain(id,
    [
        Node("start", "Start"),
        Node("wait", "Delay", new() { ["duration"] = new JsonObject { ["expression"] = "input.delay" } }),
        Node("end", "End"),
    ]);

    /// <summary>Start → Delay (until input.until, an ISO time) → End.</summary>
    public static WorkflowDefinition WithDelayUntil(string id) => Chain(id,
    [
        Node("start", "Start"),
        Node("wait", "Delay", new() { ["until"] = new JsonObject { ["expression"] = "input.until" } }),
        Node("end", "End"),
    ]);

    /// <summary>A small flow that uses expressions and a template (the cold path compiles them on first use).</summary>
    public static WorkflowDefinition ColdPath(string id) => Chain(id,
    [
        Node("start", "Start"),
        Node("double", "SetVariable", new() { ["name"] = "amount", ["value"] = new JsonObject { ["expression"] = "(input.amount ?? 1) * 2" } }),
        Node("check", "Decision", new() { ["condition"] = new JsonObject { ["expression"] = "vars.amount > 10" } }),
        Node("big", "Log", new() { ["message"] = new JsonObject { ["template"] = "big order {{ vars.amount }} for {{ input.customer }}" } }),
        Node("small", "Log", new() { ["message"] = new JsonObject { ["template"] = "small order {{ vars.amount }}" } }),
        Node("end", "End"),
    ], connect: false) with
    {
        Connections =
        [
            new Connection("start", "Done", "double"),
            new Connection("double", "Done", "check"),
            new Connection("check", "True", "big"),
            new Connection("check", "False", "small"),
            new Connection("big", "Done", "end"),
            new Connection("small", "Done", "end"),
        ],
    };

    private static ActivityNode Node(string id, string type, Dictionary<string, JsonNode?>? inputs = null) =>
        new() { Id = id, Type = type, Inputs = inputs ?? [] };

    private static WorkflowDefinition Chain(string id, List<ActivityNode> activities, bool connect = true) => new()
    {
        DefinitionId = id,
        Name = id,
        Activities = activities,
        Connections = connect
            ? activities.Zip(activities.Skip(1), (a, b) => new Connection(a.Id, "Done", b.Id)).ToList()
            : [],
    };
}
