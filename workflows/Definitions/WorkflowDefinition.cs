using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Workflows.Definitions;

[JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))]
public enum DefinitionStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>
/// A flowchart: activities joined by connections from a named outcome of one activity to another.
/// The JSON format is documented in docs/workflow-format.md.
/// </summary>
public sealed record WorkflowDefinition
{
    public required string DefinitionId { get; init; }
    public int Version { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public DefinitionStatus Status { get; init; } = DefinitionStatus.Draft;
    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];
    public IReadOnlyList<InputDefinition> Inputs { get; init; } = [];
    public IReadOnlyList<ActivityNode> Activities { get; init; } = [];
    public IReadOnlyList<Connection> Connections { get; init; } = [];

    public ActivityNode? Find(string activityId) => Activities.FirstOrDefault(a => a.Id == activityId);
}

/// <summary>A flow variable with an optional initial value.</summary>
public sealed record VariableDefinition(string Name, string Type = "any", JsonNode? Default = null);

/// <summary>An input the flow expects when it starts (<c>input.&lt;name&gt;</c> in expressions).</summary>
public sealed record InputDefinition(string Name, string Type = "string", bool Required = false, string? Description = null);

/// <summary>
/// One activity on the canvas. An input value is a JSON literal, or <c>{"expression": "…"}</c>
/// (a Scriban expression whose value is used), or <c>{"template": "…"}</c> (Scriban text).
/// </summary>
public sealed record ActivityNode
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public string? DisplayName { get; init; }
    public Dictionary<string, JsonNode?> Inputs { get; init; } = [];
    public Position? Position { get; init; }
}

public sealed record Position(double X, double Y);

/// <summary>When <see cref="Source"/> ends with <see cref="Outcome"/>, <see cref="Target"/> runs next.</summary>
public sealed record Connection(string Source, string Outcome, string Target)
{
    public override string ToString() => $"{Source}.{Outcome} → {Target}";
}
