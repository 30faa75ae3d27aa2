using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.Workflows.Tests.Definitions;

/// <summary>Just enough JSON path (<c>$.activities[2].inputs.message</c>) to check where validation errors point.</summary>
internal static partial class JsonPath
{
    /// <summary>
    /// True when the path leads to a node of <paramref name="root"/>, or to a property that is missing
    /// from an object that exists (a required input left out is reported where it should be).
    /// </summary>
    public static bool Points(JsonNode root, string path)
    {
        if (!path.StartsWith('$')) return false;
        var steps = Step().Matches(path[1..]).Select(m => m.Value).ToList();
        if (string.Concat(steps) != path[1..]) return false;
        JsonNode? node = root;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var last = i == steps.Count - 1;
            if (step.StartsWith('['))
            {
                var index = int.Parse(step[1..^1]);
                if (node is not JsonArray array || index >= array.Count) return false;
                node = array[index];
            }
            else
            {
                if (node is not JsonObject obj) return false;
                if (!obj.TryGetPropertyValue(step[1..], out var next)) return last;
                node = next;
            }
        }
        return true;
    }

    [GeneratedRegex(@"\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]")]
    private static partial Regex Step();
}
