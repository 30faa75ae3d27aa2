using System.Text.Json.Nodes;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>Small flows written the way the JSON format reads: activities, then connections "a.Outcome→b".</summary>
public static class Flows
{
    public static JsonObject Flow(string id, JsonArray activities, params string[] connections) => new()
    {
        ["definitionId"] = id,
        ["name"] = id,
        ["activities"] = activities,
        ["connections"] = new JsonArray(connections.Select(Connection).ToArray<JsonNode?>()),
    };

    public static JsonObject A(string id, string type, JsonObject? inputs = null) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["inputs"] = inputs ?? [],
    };

    public static JsonObject Expr(string expression) => new() { ["expression"] = expression };

    public static JsonObject Template(string template) => new() { ["template"] = template };

    public static JsonObject Todo(string title, params string[] outcomes) => new()
    {
        ["title"] = title,
        ["outcomes"] = new JsonArray(outcomes.Select(o => (JsonNode?)o).ToArray()),
    };

    private static JsonObject Connection(string text)
    {
        // "a.Done→b" or "a.Done->b"
        var parts = text.Replace("->", "→").Split('→');
        var dot = parts[0].LastIndexOf('.');
        return new JsonObject
        {
            ["source"] = parts[0][..dot].Trim(),
            ["outcome"] = parts[0][(dot + 1)..].Trim(),
            ["target"] = parts[1].Trim(),
        };
    }
}
