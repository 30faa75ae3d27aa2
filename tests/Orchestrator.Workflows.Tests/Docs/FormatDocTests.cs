using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Workflows.Definitions;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Docs;

/// <summary>docs/workflow-format.md cannot drift from the code: its example validates, its activity reference is generated.</summary>
public class FormatDocTests
{
    [Fact]
    public void The_example_flow_in_the_format_doc_validates_without_errors()
    {
        var definition = DefinitionJson.Deserialize(FormatDoc.ExampleJson());

        var errors = Validate(definition);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path} {e.Code}: {e.Message}")));
    }

    [Fact]
    public void The_example_flow_uses_only_fields_of_the_format()
    {
        // The deserializer skips unknown fields silently: written back, the example must be the same JSON.
        var written = JsonNode.Parse(FormatDoc.ExampleJson());

        var read = JsonNode.Parse(DefinitionJson.Serialize(DefinitionJson.Deserialize(FormatDoc.ExampleJson())));

        Assert.True(JsonNode.DeepEquals(written, read), $"Read back, the example is:\n{read}");
    }

    [Fact]
    public void The_example_flow_is_an_in_warranty_repair_with_a_task_a_decision_and_both_waits()
    {
        var definition = DefinitionJson.Deserialize(FormatDoc.ExampleJson());

        Assert.Equal(
            ["Decision", "Delay", "End", "HumanTask", "Start", "WaitForEvent"],
            definition.Activities.Select(a => a.Type).Distinct().Order());
        Assert.Contains(definition.Activities, a => a.Inputs.Values.OfType<JsonObject>().Any(o => o.ContainsKey("expression")));
        Assert.Contains(definition.Activities, a => a.Inputs.Values.OfType<JsonObject>().Any(o => o.ContainsKey("template")));
    }

    [Fact]
    public void The_activity_reference_in_the_format_doc_matches_the_descriptors()
    {
        var expected = FormatDoc.ActivityReference(Registry.Descriptors);
        var actual = FormatDoc.Between(FormatDoc.Text(), FormatDoc.ReferenceBegin, FormatDoc.ReferenceEnd);

        if (actual != expected)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "activity-reference.expected.md");
            File.WriteAllText(path, expected + "\n");
            Assert.Fail($"docs/workflow-format.md's activity reference is out of date; paste {path} between the markers.");
        }
    }

    [Fact]
    public void Every_validation_code_is_documented()
    {
        // The codes as the validator's source writes them: the second argument of Error(path, "code", "sentence key", …).
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "workflows", "Definitions", "DefinitionValidator.cs"));
        var codes = Regex.Matches(source, """
            Error\([^,]+, "([a-z]+(?:-[a-z]+)*)"
            """).Select(m => m.Groups[1].Value).Distinct().ToList();
        var doc = FormatDoc.Text();

        Assert.True(codes.Count >= 17, $"Found only: {string.Join(", ", codes)}");
        Assert.All(codes, code => Assert.Contains($"`{code}`", doc));
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Orchestrator.sln not found above the test binaries.");
    }
}
