using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Runtime;

/// <summary>A field of a task's form, as the HumanTask activity declares it.</summary>
public sealed record FormField(string Name, string? Label, string Type = "text", bool Required = false,
    IReadOnlyList<string>? Choices = null, double? Min = null, double? Max = null, int? MaxLength = null);

/// <summary>Checks form data against the fields: each problem names its field.</summary>
public static class FormFields
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<FormField> Parse(string json) =>
        (JsonNode.Parse(json) as JsonArray ?? []).OfType<JsonObject>()
        .Select(o => o.Deserialize<FormField>(Json)).OfType<FormField>().Where(f => !string.IsNullOrEmpty(f.Name)).ToList();

    public static Dictionary<string, string[]> Validate(IReadOnlyList<FormField> fields, JsonObject? data)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var field in fields)
        {
            var label = field.Label ?? field.Name;
            var value = data?[field.Name];
            var empty = value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>()));
            if (empty)
            {
                if (field.Required) errors[$"data.{field.Name}"] = [$"{label} is required."];
                continue;
            }
            var problem = field.Type switch
            {
                "number" => Number(value!) is { } n
                    ? n < field.Min ? $"{label} must be at least {field.Min}." : n > field.Max ? $"{label} must be at most {field.Max}." : null
                    : $"{label} must be a number.",
                "boolean" => value!.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : $"{label} must be true or false.",
                "date" => value!.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, out _)
                    ? null : $"{label} must be a date (yyyy-mm-dd).",
                "choice" => value!.GetValueKind() == JsonValueKind.String && (field.Choices?.Contains(value.GetValue<string>()) ?? true)
                    ? null : $"{label} must be one of: {string.Join(", ", field.Choices ?? [])}.",
                _ => value!.GetValueKind() == JsonValueKind.String && field.MaxLength is { } max && value.GetValue<string>().Length > max
                    ? $"{label} must be at most {max} characters." : null,
            };
            if (problem is not null) errors[$"data.{field.Name}"] = [problem];
        }
        return errors;
    }

    private static double? Number(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => value.GetValue<double>(),
        JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
