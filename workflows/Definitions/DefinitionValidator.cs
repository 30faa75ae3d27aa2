using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Expressions;
using BuiltIn = Orchestrator.Workflows.Activities.BuiltIn;

namespace Orchestrator.Workflows.Definitions;

/// <summary>One problem of a definition: where (a JSON path into the definition), what, and a stable code.</summary>
public sealed record ValidationError(string Path, string Message, string Code, string? ActivityId = null, int? ConnectionIndex = null);

/// <summary>
/// Checks a definition on save and on publish: activity types, required inputs, expressions that do
/// not parse, connections to unknown activities or outcomes, unreachable activities, exactly one Start,
/// required outcomes left unconnected, cycles with no blocking activity in them.
/// </summary>
public sealed class DefinitionValidator(ActivityRegistry registry, ExpressionEngine expressions)
{
    public IReadOnlyList<ValidationError> Validate(WorkflowDefinition d)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(d.DefinitionId) || !IsIdentifier(d.DefinitionId))
            errors.Add(new("$.definitionId", "The definition id must be letters, digits, '-' or '_' (1–100 characters).", "definition-id"));
        if (string.IsNullOrWhiteSpace(d.Name))
            errors.Add(new("$.name", "The flow needs a name.", "name-required"));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < d.Activities.Count; i++)
        {
            var a = d.Activities[i];
            var path = $"$.activities[{i}]";
            if (string.IsNullOrWhiteSpace(a.Id))
                errors.Add(new($"{path}.id", "Every activity needs an id.", "activity-id-required"));
            else if (!index.TryAdd(a.Id, i))
                errors.Add(new($"{path}.id", $"Two activities have the id '{a.Id}'.", "activity-id-duplicate", a.Id));
            var activity = registry.Find(a.Type);
            if (activity is null)
            {
                errors.Add(new($"{path}.type", $"'{a.Type}' is not a known activity type.", "unknown-activity-type", a.Id));
                continue;
            }
            ValidateInputs(a, activity.Descriptor, path, errors);
            ValidatePatternSettings(a, activity.Descriptor, path, index, d, errors);
        }

        var starts = d.Activities.Where(a => a.Type == "Start").ToList();
        if (starts.Count == 0)
            errors.Add(new("$.activities", "The flow has no Start activity.", "start-missing"));
        else if (starts.Count > 1)
            foreach (var extra in starts.Skip(1))
                errors.Add(new($"$.activities[{index.GetValueOrDefault(extra.Id)}]", "The flow has more than one Start activity.", "start-duplicate", extra.Id));

        for (var j = 0; j < d.Connections.Count; j++)
        {
            var c = d.Connections[j];
            var path = $"$.connections[{j}]";
            if (!index.ContainsKey(c.Source))
                errors.Add(new($"{path}.source", $"The connection starts at '{c.Source}', which is not an activity of this flow.", "connection-unknown-source", ConnectionIndex: j));
            else if (Outcomes(d.Activities[index[c.Source]]) is { } outcomes && !outcomes.Contains(c.Outcome))
                errors.Add(new($"{path}.outcome", $"'{c.Source}' has no outcome '{c.Outcome}' (it has: {string.Join(", ", outcomes)}).", "connection-unknown-outcome", c.Source, j));
            if (!index.ContainsKey(c.Target))
                errors.Add(new($"{path}.target", $"The connection leads to '{c.Target}', which is not an activity of this flow.", "connection-unknown-target", ConnectionIndex: j));
            else if (index.TryGetValue(c.Source, out var s) && d.Activities[s].Type == BuiltIn.DeferredChoice.TypeName &&
                     registry.Find(d.Activities[index[c.Target]].Type)?.Descriptor.Kind != ActivityKind.Blocking)
                errors.Add(new($"{path}.target", $"A branch of the deferred choice '{Label(d.Activities[s])}' must be a blocking activity (a task, event, delay, sub-flow…), not '{c.Target}'.",
                    "choice-target-not-blocking", c.Source, j));
            if (c.Outcome == ActivityDescriptor.TimedOut && index.TryGetValue(c.Source, out var t) &&
                registry.Find(d.Activities[t].Type)?.Descriptor.HasTimeout == true &&
                d.Activities[t].Inputs.GetValueOrDefault(ActivityDescriptor.TimeoutInput.Name) is null)
                errors.Add(new($"{path}.outcome", $"'{Label(d.Activities[t])}' has no timeout, so it never takes TimedOut: set its 'timeout'.", "timeout-missing", c.Source, j));
        }

        foreach (var (a, i) in d.Activities.Select((a, i) => (a, i)))
        {
            if (registry.Find(a.Type) is not { } activity) continue;
            foreach (var required in activity.Descriptor.RequiredOutcomes)
            {
                if (!d.Connections.Any(c => c.Source == a.Id && c.Outcome == required))
                    errors.Add(new($"$.activities[{i}]", $"The outcome '{required}' of '{Label(a)}' is not connected to anything.", "outcome-unconnected", a.Id));
            }
        }

        if (starts.Count == 1)
        {
            var reachable = Reachable(starts[0].Id, d.Connections);
            foreach (var (a, i) in d.Activities.Select((a, i) => (a, i)))
            {
                if (!reachable.Contains(a.Id))
                    errors.Add(new($"$.activities[{i}]", $"'{Label(a)}' cannot be reached from Start.", "unreachable", a.Id));
            }
        }

        foreach (var cycle in Cycles(d))
        {
            if (cycle.Any(id => index.TryGetValue(id, out var i) && registry.Find(d.Activities[i].Type)?.Descriptor is { } cd &&
                                (cd.Kind == ActivityKind.Blocking || cd.BoundsCycles)))
                continue;
            var first = cycle.OrderBy(id => index.GetValueOrDefault(id)).First();
            errors.Add(new($"$.activities[{index[first]}]",
                $"The loop through {string.Join(" → ", cycle.Select(id => $"'{id}'"))} has no blocking activity: it would run forever in one burst.",
                "cycle-without-wait", first));
        }
        return errors;
    }

    private void ValidateInputs(ActivityNode a, ActivityDescriptor descriptor, string path, List<ValidationError> errors)
    {
        foreach (var input in descriptor.Inputs)
        {
            a.Inputs.TryGetValue(input.Name, out var value);
            var empty = value is null || (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>()));
            if (input.Required && empty && input.Default is null)
                errors.Add(new($"{path}.inputs.{input.Name}", $"'{Label(a)}' needs a value for '{input.DisplayName}'.", "input-required", a.Id));
            if (input.UiHint == "cases" && value is JsonArray cases)
                ValidateCaseConditions(a, cases, $"{path}.inputs.{input.Name}", errors);
        }
        foreach (var (name, value) in a.Inputs)
        {
            if (value is not JsonObject obj || obj.Count != 1) continue;
            foreach (var (kind, isTemplate) in new[] { ("expression", false), ("template", true) })
            {
                if (obj[kind] is not JsonValue text) continue;
                var source = text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : "";
                if (string.IsNullOrWhiteSpace(source))
                {
                    errors.Add(new($"{path}.inputs.{name}", $"The {kind} of '{name}' on '{Label(a)}' is empty.", "expression-empty", a.Id));
                    continue;
                }
                var problems = expressions.Check(source, isTemplate);
                if (problems.Count > 0)
                    errors.Add(new($"{path}.inputs.{name}", $"The {kind} of '{name}' on '{Label(a)}' does not parse: {string.Join("; ", problems)}", "expression-invalid", a.Id));
                var descriptorInput = descriptor.Inputs.FirstOrDefault(i => i.Name == name);
                if (descriptorInput is { ExpressionAllowed: false })
                    errors.Add(new($"{path}.inputs.{name}", $"'{name}' of '{Label(a)}' takes a literal value, not an {kind}.", "expression-not-allowed", a.Id));
            }
        }
    }

    /// <summary>Settings of the control-flow patterns: a timeout that is a duration, a partial join's count, the ids a
    /// Cancel names, what a ForEach's waitFor needs.</summary>
    private static void ValidatePatternSettings(ActivityNode a, ActivityDescriptor descriptor, string path, Dictionary<string, int> index,
        WorkflowDefinition d, List<ValidationError> errors)
    {
        var timeout = a.Inputs.GetValueOrDefault(ActivityDescriptor.TimeoutInput.Name);
        if (descriptor.HasTimeout && timeout is JsonValue literal && !IsExpression(timeout) && Durations.Parse(literal) is not { } span)
            errors.Add(new($"{path}.inputs.timeout", $"The timeout of '{Label(a)}' is not a duration (P7D, PT30M, 00:30:00, 90).", "timeout-invalid", a.Id));
        else if (descriptor.HasTimeout && Durations.Parse(timeout) is { } negative && negative < TimeSpan.Zero)
            errors.Add(new($"{path}.inputs.timeout", $"The timeout of '{Label(a)}' is negative.", "timeout-invalid", a.Id));
        if (descriptor.HasTimeout && a.Inputs.GetValueOrDefault(ActivityDescriptor.MilestoneInput.Name) is { } milestone &&
            (milestone is not JsonValue m || !m.TryGetValue<string>(out var target) || target == a.Id || !index.ContainsKey(target)))
            errors.Add(new($"{path}.inputs.milestone", $"The milestone of '{Label(a)}' must be the id of another activity of this flow.", "milestone-unknown", a.Id));
        switch (a.Type)
        {
            case "Join" when StringInput(a, "mode") == BuiltIn.Join.WaitN:
                if (a.Inputs.GetValueOrDefault("count") is not JsonValue n || n.GetValueKind() != JsonValueKind.Number || n.GetValue<double>() < 1)
                    errors.Add(new($"{path}.inputs.count", $"'{Label(a)}' waits for N paths: 'count' must be a number of at least 1.", "join-count", a.Id));
                break;
            case "Cancel":
                if (a.Inputs.GetValueOrDefault("activities") is JsonArray ids)
                {
                    for (var k = 0; k < ids.Count; k++)
                    {
                        var id = ids[k] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                        if (id is null || !index.ContainsKey(id))
                            errors.Add(new($"{path}.inputs.activities[{k}]", $"'{Label(a)}' cancels '{ids[k]?.ToJsonString()}', which is not an activity of this flow.",
                                "cancel-unknown-activity", a.Id));
                    }
                }
                else if (a.Inputs.GetValueOrDefault("activities") is not null)
                    errors.Add(new($"{path}.inputs.activities", $"'{Label(a)}' needs a list of activity ids.", "cancel-unknown-activity", a.Id));
                break;
            case "ForEach":
                var waitFor = StringInput(a, "waitFor");
                if (waitFor == "count" && a.Inputs.GetValueOrDefault("count") is null)
                    errors.Add(new($"{path}.inputs.count", $"'{Label(a)}' waits for a count of children: set 'count'.", "input-required", a.Id));
                if (waitFor == "condition" && a.Inputs.GetValueOrDefault("completionCondition") is null)
                    errors.Add(new($"{path}.inputs.completionCondition", $"'{Label(a)}' waits for a condition: set 'completionCondition'.", "input-required", a.Id));
                break;
        }
    }

    private static bool IsExpression(JsonNode? value) => value is JsonObject o && o.Count == 1 && (o["expression"] is not null || o["template"] is not null);

    private static string? StringInput(ActivityNode a, string name) =>
        a.Inputs.GetValueOrDefault(name) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Each case of a Switch is <c>{ name, condition }</c>, the condition an expression written as a string.</summary>
    private void ValidateCaseConditions(ActivityNode a, JsonArray cases, string path, List<ValidationError> errors)
    {
        for (var k = 0; k < cases.Count; k++)
        {
            if (cases[k] is not JsonObject item) continue;
            var casePath = $"{path}[{k}].condition";
            var name = item["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : $"#{k + 1}";
            switch (item["condition"])
            {
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    var source = v.GetValue<string>();
                    if (string.IsNullOrWhiteSpace(source))
                    {
                        errors.Add(new(casePath, $"The condition of case '{name}' on '{Label(a)}' is empty.", "expression-empty", a.Id));
                        break;
                    }
                    var problems = expressions.Check(source, isTemplate: false);
                    if (problems.Count > 0)
                        errors.Add(new(casePath, $"The condition of case '{name}' on '{Label(a)}' does not parse: {string.Join("; ", problems)}", "expression-invalid", a.Id));
                    break;
                case null:
                    errors.Add(new(casePath, $"The condition of case '{name}' on '{Label(a)}' is empty.", "expression-empty", a.Id));
                    break;
                case JsonObject or JsonArray:
                    errors.Add(new(casePath, $"The condition of case '{name}' on '{Label(a)}' must be an expression written as a string, e.g. \"input.amount > 1000\".", "expression-invalid", a.Id));
                    break;
            }
        }
    }

    /// <summary>The outcomes an activity node offers, or null when they come from an expression (unknown until run time).</summary>
    public HashSet<string>? Outcomes(ActivityNode a)
    {
        if (registry.Find(a.Type) is not { } activity) return null;
        var outcomes = new HashSet<string>(activity.Descriptor.Outcomes, StringComparer.Ordinal);
        if (activity.Descriptor.OutcomesInput is { } input)
        {
            // Absent, the input's default applies (a HumanTask without outcomes has "Done"), as at run time.
            var listed = a.Inputs.TryGetValue(input, out var given) && given is not null
                ? given
                : activity.Descriptor.Inputs.FirstOrDefault(i => i.Name == input)?.Default ?? new JsonArray();
            if (listed is not JsonArray array) return null;
            foreach (var name in NamesOf(array)) outcomes.Add(name);
        }
        return outcomes;
    }

    public static IEnumerable<string> NamesOf(JsonArray array) => array.Select(item => item switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonObject o when o["name"] is JsonValue n => n.GetValue<string>(),
        _ => null,
    }).OfType<string>();

    private static HashSet<string> Reachable(string start, IReadOnlyList<Connection> connections)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            foreach (var c in connections.Where(c => c.Source == id))
                if (seen.Add(c.Target)) queue.Enqueue(c.Target);
        }
        return seen;
    }

    /// <summary>Strongly connected components with a cycle in them (Tarjan).</summary>
    private static List<List<string>> Cycles(WorkflowDefinition d)
    {
        // Only between activities of the flow: connections to unknown ones are reported on their own.
        var known = d.Activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var edges = d.Connections.Where(c => known.Contains(c.Source) && known.Contains(c.Target))
            .GroupBy(c => c.Source).ToDictionary(g => g.Key, g => g.Select(c => c.Target).Distinct().ToList());
        var indexOf = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var counter = 0;

        void Visit(string v)
        {
            indexOf[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.GetValueOrDefault(v) ?? [])
            {
                if (!indexOf.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], indexOf[w]);
            }
            if (low[v] != indexOf[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1 || (edges.GetValueOrDefault(v)?.Contains(v) ?? false))
                result.Add(component);
        }

        foreach (var a in d.Activities)
            if (!indexOf.ContainsKey(a.Id)) Visit(a.Id);
        return result;
    }

    private static string Label(ActivityNode a) => string.IsNullOrWhiteSpace(a.DisplayName) ? a.Id : a.DisplayName!;

    private static bool IsIdentifier(string id) =>
        id.Length <= 100 && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
