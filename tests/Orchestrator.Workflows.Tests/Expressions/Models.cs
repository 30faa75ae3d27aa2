using System.Text.Json.Nodes;
using Orchestrator.Workflows.Expressions;
using Scriban.Runtime;

namespace Orchestrator.Workflows.Tests.Expressions;

/// <summary>The expression model as the runtime builds it: input, vars, outputs.&lt;activityId&gt;, instance.</summary>
internal static class Models
{
    public static ScriptObject Model(string input = "{}", string vars = "{}", string outputs = "{}") => new()
    {
        ["input"] = ExpressionEngine.ToScript(JsonNode.Parse(input)),
        ["vars"] = ExpressionEngine.ToScriptObject(JsonNode.Parse(vars)!.AsObject()),
        ["outputs"] = ExpressionEngine.ToScriptObject(JsonNode.Parse(outputs)!.AsObject()),
        ["instance"] = new ScriptObject
        {
            ["id"] = "7f9c0c3e5b8a4d2f9e1a6b7c8d9e0f1a",
            ["definitionId"] = "in-warranty-repair",
            ["version"] = 3,
            ["correlationId"] = "RMA-2026-0042",
        },
    };
}
