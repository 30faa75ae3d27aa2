using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Workflows.Definitions;

/// <summary>The one JSON shape of definitions: camelCase, enums as strings, nulls left out.</summary>
public static class DefinitionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static WorkflowDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, Options)
        ?? throw new JsonException("The definition is empty.");

    /// <summary>
    /// SHA-256 of the content that makes a version behave as it does (activities, connections,
    /// variables, inputs), independent of id, version number, status and layout positions.
    /// </summary>
    public static string ContentHash(WorkflowDefinition d)
    {
        var content = d with
        {
            DefinitionId = "",
            Version = 0,
            Status = DefinitionStatus.Draft,
            Activities = d.Activities.Select(a => a with { Position = null }).ToList(),
        };
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(content)));
        return Convert.ToHexStringLower(bytes);
    }
}
