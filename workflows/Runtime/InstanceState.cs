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

    /// <summary>Join id → the inbound connections that have arrived in the join's current round (a connection that
    /// arrives again before the round is complete is held for the next round: it appears twice).</summary>
    public Dictionary<string, List<string>> Joins { get; set; } = [];

    /// <summary>Joins that have fired in their current round (a discriminator or partial join waiting for the rest).</summary>
    public HashSet<string> JoinsFired { get; set; } = [];

    /// <summary>Activity execution id → the deferred choice it belongs to (the choice's execution id).</summary>
    public Dictionary<string, string> Choices { get; set; } = [];

    /// <summary>Loop activity id → the iterations run in its current pass.</summary>
    public Dictionary<string, int> Loops { get; set; } = [];

    /// <summary>Activity execution id → state an activity keeps while it waits (a ForEach's items and results).</summary>
    public Dictionary<string, JsonObject> Executions { get; set; } = [];

    /// <summary>Critical sections: name → the execution id holding it, and the ones queued for it.</summary>
    public Dictionary<string, List<string>> Sections { get; set; } = [];

    /// <summary>Activity id → attempts of its current execution (for retry policies).</summary>
    public Dictionary<string, int> Attempts { get; set; } = [];

    public int Sequence { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static InstanceState Parse(string json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<InstanceState>(json, Json) ?? new();

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}
