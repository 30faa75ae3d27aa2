using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>
/// docs/webhooks.md's JSON schemas and samples/webhooks cannot drift apart: each sample an integrator copies is valid
/// under the schema the doc gives for it, and the schema's choices are the ones the intake accepts.
/// </summary>
public sealed class WebhookDocTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    /// <summary>The doc's schema with this title (its fenced ```json blocks that declare a $schema).</summary>
    private static JsonObject Schema(string title)
    {
        var text = File.ReadAllText(Path.Combine(Repo(), "docs", "webhooks.md")).ReplaceLineEndings("\n");
        var blocks = text.Split("```json\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]);
        var schemas = blocks.Where(b => b.Contains("\"$schema\"", StringComparison.Ordinal)).Select(b => JsonNode.Parse(b)!.AsObject());
        return Assert.Single(schemas, s => s["title"]?.GetValue<string>() == title);
    }

    private static JsonObject Sample(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo(), "samples", "webhooks", file)))!.AsObject();

    /// <summary>The problems of <paramref name="value"/> under the parts of JSON Schema the doc uses.</summary>
    private static List<string> Problems(JsonObject schema, JsonNode? value, string path)
    {
        var problems = new List<string>();
        if (schema["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
            problems.Add($"{path}: {value?.ToJsonString()} is not one of {choices.ToJsonString()}");
        var types = schema["type"] switch
        {
            JsonValue one => [one.GetValue<string>()],
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToArray(),
            _ => Array.Empty<string>(),
        };
        if (types.Length > 0 && !types.Contains(value switch
        {
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v when v.TryGetValue<string>(out _) => "string",
            JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
            JsonValue => "number",
            _ => "null",
        }))
            problems.Add($"{path}: not of type {string.Join(" or ", types)}");
        if (schema["maxLength"] is JsonValue max && value is JsonValue s && s.TryGetValue<string>(out var str) && str.Length > max.GetValue<int>())
            problems.Add($"{path}: longer than {max}");
        if (value is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!obj.ContainsKey(required!.GetValue<string>()))
                    problems.Add($"{path}: {required} is required");
            }
            foreach (var (name, child) in obj)
            {
                if (properties[name] is JsonObject property)
                    problems.AddRange(Problems(property, child, $"{path}.{name}"));
                else
                    problems.Add($"{path}.{name}: not in the schema");
            }
        }
        return problems;
    }

    [Theory]
    [InlineData("rma-received.json")]
    [InlineData("quote-accepted.json")]
    public void An_event_sample_is_valid_under_the_event_schema(string sample) =>
        Assert.Empty(Problems(Schema("Event webhook"), Sample(sample), "$"));

    [Fact]
    public void The_service_request_sample_is_valid_under_its_schema_and_the_schema_offers_what_the_intake_accepts()
    {
        var schema = Schema("Service request");
        Assert.Empty(Problems(schema, Sample("service-request.json"), "$"));

        var properties = schema["properties"]!.AsObject();
        static string[] Choices(JsonNode? property) => property!["enum"]!.AsArray().Select(c => c!.GetValue<string>().ToLowerInvariant()).Order().ToArray();
        Assert.Equal(Enum.GetNames<RequestPriority>().Select(n => n.ToLowerInvariant()).Order(), Choices(properties["priority"]));
        Assert.Equal(Enum.GetNames<RequestChannel>().Select(n => n.ToLowerInvariant()).Order(), Choices(properties["channel"]));
        // a body the intake refuses is not valid under the schema either
        Assert.NotEmpty(Problems(schema, new JsonObject { ["type"] = "repair", ["customer"] = new JsonObject(), ["priority"] = "asap" }, "$"));
        Assert.NotEmpty(Problems(schema, new JsonObject { ["symptom"] = "no type, no customer" }, "$"));
    }
}
