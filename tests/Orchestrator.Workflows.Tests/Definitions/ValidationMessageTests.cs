using System.Text.RegularExpressions;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Tests.Docs;
using static Orchestrator.Workflows.Tests.Flows;

namespace Orchestrator.Workflows.Tests.Definitions;

/// <summary>The validator's sentences reach a Chinese designer in Chinese: each error carries its sentence's key and
/// arguments, and the designer has a sentence for every key with the same placeholders.</summary>
public partial class ValidationMessageTests
{
    [Fact]
    public void Each_error_names_its_sentence_and_every_placeholder_is_filled()
    {
        var flow = Flow([A("start", "Start"), A("ask", "HumanTask"), A("lost", "Log"), A("end", "End")],
            "start.Done→ask", "ask.Done→end", "ask.Nope→end", "end.Done→ghost");
        flow.Activities[1].Inputs["title"] = new System.Text.Json.Nodes.JsonObject { ["template"] = "{{ if }}" };

        var errors = Validate(flow);

        Assert.True(errors.Count >= 4, string.Join("\n", errors));
        Assert.All(errors, e =>
        {
            Assert.Equal(ValidationMessages.Format(e.MessageKey, e.Args), e.Message);
            Assert.DoesNotMatch(Placeholder(), e.Message);
        });
        var invalid = Assert.Single(errors, e => e.Code == "expression-invalid");
        Assert.Equal(("template-invalid", "title", "ask"), (invalid.MessageKey, invalid.Args["inputName"], invalid.Args["activity"]));
    }

    [Fact]
    public void The_designer_has_a_chinese_sentence_with_the_same_placeholders_for_every_key()
    {
        var zh = File.ReadAllText(Path.Combine(FormatDocTests.RepositoryRoot(), "designer", "src", "i18n", "serverText.ts"));
        foreach (var (key, english) in ValidationMessages.English)
        {
            var line = Regex.Match(zh, $"^\\s*'?{Regex.Escape(key)}'?: '(.*)',\\s*$", RegexOptions.Multiline);
            Assert.True(line.Success, $"serverText.ts has no Chinese sentence for '{key}'");
            var expected = Placeholder().Matches(english).Select(m => m.Groups[1].Value).Order();
            var actual = Regex.Matches(line.Groups[1].Value, @"\{\{(\w+)\}\}").Select(m => m.Groups[1].Value).Order();
            Assert.Equal(expected, actual);
        }
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
