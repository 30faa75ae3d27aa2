using System.Text;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Workflows.Tests.Docs;

/// <summary>docs/workflow-format.md, copied next to the tests, and the parts of it that code checks.</summary>
internal static class FormatDoc
{
    public const string ReferenceBegin = "<!-- BEGIN activity-reference: generated from the descriptors, checked by FormatDocTests -->";
    public const string ReferenceEnd = "<!-- END activity-reference -->";
    public const string ExampleBegin = "<!-- BEGIN example-flow: validated by FormatDocTests -->";
    public const string ExampleEnd = "<!-- END example-flow -->";

    public static string Text() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "workflow-format.md")).ReplaceLineEndings("\n");

    public static string Between(string text, string begin, string end)
    {
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"The doc has no section between '{begin}' and '{end}'.");
        return text[(from + begin.Length)..to].Trim('\n');
    }

    /// <summary>The JSON inside the example's fenced block.</summary>
    public static string ExampleJson()
    {
        var section = Between(Text(), ExampleBegin, ExampleEnd);
        const string fence = "```json\n";
        var start = section.IndexOf(fence, StringComparison.Ordinal);
        var end = section.LastIndexOf("```", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "The example section has no ```json block.");
        return section[(start + fence.Length)..end];
    }

    /// <summary>The reference of the built-in activities, as markdown, from their descriptors.</summary>
    public static string ActivityReference(IEnumerable<ActivityDescriptor> descriptors)
    {
        var md = new StringBuilder();
        foreach (var d in descriptors.OrderBy(d => Order(d.Category)).ThenBy(d => d.Type, StringComparer.Ordinal))
        {
            md.Append($"#### `{d.Type}` — {d.DisplayName}\n\n");
            md.Append($"{Escape(d.Description)}\n\n");
            md.Append($"Category: {d.Category} · Kind: {d.Kind} · Outcomes: {Outcomes(d)}");
            if (d.Retry.MaxAttempts > 1)
                md.Append($" · Retries: {d.Retry.MaxAttempts} attempts, backoff from {d.Retry.InitialBackoff}");
            md.Append("\n\n");
            if (d.Inputs.Count == 0)
            {
                md.Append("No inputs.\n\n");
                continue;
            }
            md.Append("| Input | Type | Required | Default | Expression | Notes |\n");
            md.Append("| --- | --- | --- | --- | --- | --- |\n");
            foreach (var i in d.Inputs)
            {
                var notes = string.Join(" ", new[]
                {
                    i.Description,
                    i.Choices is { Count: > 0 } c ? $"One of: {string.Join(", ", c.Select(x => $"`{x}`"))}." : null,
                }.Where(n => !string.IsNullOrWhiteSpace(n)));
                md.Append($"| `{i.Name}` ({Cell(i.DisplayName)}) | {i.Type} | {(i.Required ? "yes" : "")} | ");
                md.Append($"{(i.Default is null ? "" : $"`{i.Default.ToJsonString().Replace("|", "\\|")}`")} | ");
                md.Append($"{(i.ExpressionAllowed ? "yes" : "no, a literal")} | {Cell(notes)} |\n");
            }
            md.Append('\n');
        }
        return md.ToString().Trim('\n');
    }

    private static int Order(string category) =>
        Array.IndexOf(["Flow", "Data", "Time", "Events", "People", "Integration", "Messaging"], category) is var i and >= 0 ? i : 99;

    private static string Outcomes(ActivityDescriptor d)
    {
        var parts = d.Outcomes.Select(o => d.RequiredOutcomes.Contains(o) ? $"`{o}` (must be connected)" : $"`{o}`").ToList();
        if (d.OutcomesInput is { } input)
        {
            var fallback = d.Inputs.FirstOrDefault(i => i.Name == input)?.Default;
            parts.Add($"one per name listed in `{input}`" + (fallback is null ? "" : $" (default `{fallback.ToJsonString()}`)"));
        }
        var text = parts.Count == 0 ? "none (the flow ends here)" : string.Join(", ", parts);
        return d.MultipleOutcomes ? text + "; may take several at once" : text;
    }

    /// <summary>Descriptor text as markdown shows it literally (<c>vars.&lt;name&gt;</c> is not an HTML tag).</summary>
    private static string Escape(string text) => text.Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Cell(string text) => Escape(text).Replace("|", "\\|").Replace("\n", " ");
}
