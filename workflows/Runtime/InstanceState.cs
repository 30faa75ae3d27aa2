using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// What an instance carries between bursts, stored as JSON in its row: variables, activity outputs,
/// join arrivals, retry attempts and the log sequence. Bookmarks are rows of their own.
/// </summary>
public sealed class InstanceState
{
    public JsonObject Vars { get; set; } = [];
    public JsonObject Outputs { get; set; } = [];

    /// <summary>Join id → the inbound connections that have arrived since the join last fired.</summary>
    public Dictionary<string, List<string>> Joins { get; set; } = [];

    /// <summary>Activity id → attempts of its current execution (for retry policies).</summary>
    public Dictionary<string, int> Attempts { get; set; } = [];

    public int Sequence { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static InstanceState Parse(string json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<InstanceState>(json, Json) ?? new();

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}
