using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Expressions;
using BuiltIn = Orchestrator.Workflows.Activities.BuiltIn;

namespace Orchestrator.Workflows.Definitions;

/// <summary>
/// One problem of a definition: where (a JSON path into the definition), what (an English sentence), a stable code,
/// and the sentence's key and arguments, from which a client writes the same sentence in its own language
/// (<see cref="ValidationMessages"/> holds the English ones).
/// </summary>
public sealed record ValidationError(string Path, string Message, string Code, string? ActivityId = null, int? ConnectionIndex = null)
{
    /// <summary>Which sentence of <see cref="ValidationMessages"/> <see cref="Message"/> is.</summary>
    public string MessageKey { get; init; } = Code;

    /// <summary>The values put into the sentence (activity labels, input names, outcomes…), by placeholder name.</summary>
    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();
}

/// <summary>The validator's sentences in English, by key; <c>{name}</c> marks an argument.</summary>
public static class ValidationMessages
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
        ["definition-id"] = "The definition id must be letters, digits, '-' or '_' (1–100 characters).",
        ["name-required"] = "The flow needs a name.",
        ["activity-id-required"] = "Every activity needs an id.",
        ["activity-id-duplicate"] = "Two activities have the id '{id}'.",
        ["unknown-activity-type"] = "'{type}' is not a known activity type.",
        ["start-missing"] = "The flow has no Start activity.",
        ["start-duplicate"] = "The flow has more than one Start activity.",
        ["connection-unknown-source"] = "The connection starts at '{source}', which is not an activity of this flow.",
        ["connection-unknown-outcome"] = "'{source}' has no outcome '{outcome}' (it has: {outcomes}).",
        ["connection-unknown-target"] = "The connection leads to '{target}', which is not an activity of this flow.",
        ["choice-target-not-blocking"] = "A branch of the deferred choice '{activity}' must be a blocking activity (a task, event, delay, sub-flow…), not '{target}'.",
        ["timeout-missing"] = "'{activity}' has no timeout, so it never takes TimedOut: set its 'timeout'.",
        ["outcome-unconnected"] = "The outcome '{outcome}' of '{activity}' is not connected to anything.",
        ["unreachable"] = "'{activity}' cannot be reached from Start.",
        ["cycle-without-wait"] = "The loop through {cycle} has no blocking activity: it would run forever in one burst.",
        ["input-required"] = "'{activity}' needs a value for '{input}'.",
        ["expression-empty"] = "The expression of '{input}' on '{activity}' is empty.",
        ["template-empty"] = "The template of '{input}' on '{activity}' is empty.",
        ["expression-invalid"] = "The expression of '{input}' on '{activity}' does not parse: {problems}",
        ["template-invalid"] = "The template of '{input}' on '{activity}' does not parse: {problems}",
        ["expression-not-allowed"] = "'{input}' of '{activity}' takes a literal value, not an expression.",
        ["template-not-allowed"] = "'{input}' of '{activity}' takes a literal value, not a template.",
        ["timeout-invalid"] = "The timeout of '{activity}' is not a duration (P7D, PT30M, 00:30:00, 90).",
        ["timeout-negative"] = "The timeout of '{activity}' is negative.",
        ["milestone-unknown"] = "The milestone of '{activity}' must be the id of another activity of this flow.",
        ["join-count"] = "'{activity}' waits for N paths: 'count' must be a number of at least 1.",
        ["cancel-unknown-activity"] = "'{activity}' cancels '{id}', which is not an activity of this flow.",
        ["cancel-not-list"] = "'{activity}' needs a list of activity ids.",
        ["foreach-count"] = "'{activity}' waits for a count of children: set 'count'.",
        ["foreach-condition"] = "'{activity}' waits for a condition: set 'completionCondition'.",
        ["case-empty"] = "The condition of case '{case}' on '{activity}' is empty.",
        ["case-invalid"] = "The condition of case '{case}' on '{activity}' does not parse: {problems}",
        ["case-not-string"] = "The condition of case '{case}' on '{activity}' must be an expression written as a string, e.g. \"input.amount > 1000\".",
    };

    /// <summary>The English sentence with its arguments filled in.</summary>
    public static string Format(string key, IReadOnlyDictionary<string, string> args)
    {
        var text = English[key];
        foreach (var (name, value) in args)
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return text;
    }
}

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
            errors.Add(Error("$.definitionId", "definition-id", "definition-id", null, null));
        if (string.IsNullOrWhiteSpace(d.Name))
            errors.Add(Error("$.name", "name-required", "name-required", null, null));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < d.Activities.Count; i++)
        {
            var a = d.Activities[i];
            var path = $"$.activities[{i}]";
            if (string.IsNullOrWhiteSpace(a.Id))
                errors.Add(Error($"{path}.id", "activity-id-required", "activity-id-required", null, null));
            else if (!index.TryAdd(a.Id, i))
                errors.Add(Error($"{path}.id", "activity-id-duplicate", "activity-id-duplicate", a.Id, null, ("id", a.Id)));
            var activity = registry.Find(a.Type);
            if (activity is null)
            {
                errors.Add(Error($"{path}.type", "unknown-activity-type", "unknown-activity-type", a.Id, null, ("type", a.Type)));
                continue;
            }
            ValidateInputs(a, activity.Descriptor, path, errors);
            ValidatePatternSettings(a, activity.Descriptor, path, index, d, errors);
        }

        var starts = d.Activities.Where(a => a.Type == "Start").ToList();
        if (starts.Count == 0)
            errors.Add(Error("$.activities", "start-missing", "start-missing", null, null));
        else if (starts.Count > 1)
            foreach (var extra in starts.Skip(1))
                errors.Add(Error($"$.activities[{index.GetValueOrDefault(extra.Id)}]", "start-duplicate", "start-duplicate", extra.Id, null));

        for (var j = 0; j < d.Connections.Count; j++)
        {
            var c = d.Connections[j];
            var path = $"$.connections[{j}]";
            if (!index.ContainsKey(c.Source))
                errors.Add(Error($"{path}.source", "connection-unknown-source", "connection-unknown-source", null, j, ("source", c.Source)));
            else if (Outcomes(d.Activities[index[c.Source]]) is { } outcomes && !outcomes.Contains(c.Outcome))
                errors.Add(Error($"{path}.outcome", "connection-unknown-outcome", "connection-unknown-outcome", c.Source, j,
                    ("source", c.Source), ("outcome", c.Outcome), ("outcomes", string.Join(", ", outcomes))));
            if (!index.ContainsKey(c.Target))
                errors.Add(Error($"{path}.target", "connection-unknown-target", "connection-unknown-target", null, j, ("target", c.Target)));
            else if (index.TryGetValue(c.Source, out var s) && d.Activities[s].Type == BuiltIn.DeferredChoice.TypeName &&
                     registry.Find(d.Activities[index[c.Target]].Type)?.Descriptor.Kind != ActivityKind.Blocking)
                errors.Add(Error($"{path}.target", "choice-target-not-blocking", "choice-target-not-blocking", c.Source, j,
                    ("activity", Label(d.Activities[s])), ("target", c.Target)));
            if (c.Outcome == ActivityDescriptor.TimedOut && index.TryGetValue(c.Source, out var t) &&
                registry.Find(d.Activities[t].Type)?.Descriptor.HasTimeout == true &&
                d.Activities[t].Inputs.GetValueOrDefault(ActivityDescriptor.TimeoutInput.Name) is null)
                errors.Add(Error($"{path}.outcome", "timeout-missing", "timeout-missing", c.Source, j, ("activity", Label(d.Activities[t]))));
        }

        foreach (var (a, i) in d.Activities.Select((a, i) => (a, i)))
        {
            if (registry.Find(a.Type) is not { } activity) continue;
            foreach (var required in activity.Descriptor.RequiredOutcomes)
            {
                if (!d.Connections.Any(c => c.Source == a.Id && c.Outcome == required))
                    errors.Add(Error($"$.activities[{i}]", "outcome-unconnected", "outcome-unconnected", a.Id, null, ("outcome", required), ("activity", Label(a))));
            }
        }

        if (starts.Count == 1)
        {
            var reachable = Reachable(starts[0].Id, d.Connections);
            foreach (var (a, i) in d.Activities.Select((a, i) => (a, i)))
            {
                if (!reachable.Contains(a.Id))
                    errors.Add(Error($"$.activities[{i}]", "unreachable", "unreachable", a.Id, null, ("activity", Label(a))));
            }
        }

        foreach (var cycle in Cycles(d))
        {
            if (cycle.Any(id => index.TryGetValue(id, out var i) && registry.Find(d.Activities[i].Type)?.Descriptor is { } cd &&
                                (cd.Kind == ActivityKind.Blocking || cd.BoundsCycles)))
                continue;
            var first = cycle.OrderBy(id => index.GetValueOrDefault(id)).First();
            errors.Add(Error($"$.activities[{index[first]}]", "cycle-without-wait", "cycle-without-wait", first, null,
                ("cycle", string.Join(" → ", cycle.Select(id => $"'{id}'")))));
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
                errors.Add(Error($"{path}.inputs.{input.Name}", "input-required", "input-required", a.Id, null,
                    ("activity", Label(a)), ("input", input.DisplayName), ("inputName", input.Name)));
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
                    errors.Add(Error($"{path}.inputs.{name}", "expression-empty", $"{kind}-empty", a.Id, null, ("input", name), ("inputName", name), ("activity", Label(a))));
                    continue;
                }
                var problems = expressions.Check(source, isTemplate);
                if (problems.Count > 0)
                    errors.Add(Error($"{path}.inputs.{name}", "expression-invalid", $"{kind}-invalid", a.Id, null,
                        ("input", name), ("inputName", name), ("activity", Label(a)), ("problems", string.Join("; ", problems))));
                var descriptorInput = descriptor.Inputs.FirstOrDefault(i => i.Name == name);
                if (descriptorInput is { ExpressionAllowed: false })
                    errors.Add(Error($"{path}.inputs.{name}", "expression-not-allowed", $"{kind}-not-allowed", a.Id, null, ("input", name), ("inputName", name), ("activity", Label(a))));
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
            errors.Add(Error($"{path}.inputs.timeout", "timeout-invalid", "timeout-invalid", a.Id, null, ("activity", Label(a))));
        else if (descriptor.HasTimeout && Durations.Parse(timeout) is { } negative && negative < TimeSpan.Zero)
            errors.Add(Error($"{path}.inputs.timeout", "timeout-invalid", "timeout-negative", a.Id, null, ("activity", Label(a))));
        if (descriptor.HasTimeout && a.Inputs.GetValueOrDefault(ActivityDescriptor.MilestoneInput.Name) is { } milestone &&
            (milestone is not JsonValue m || !m.TryGetValue<string>(out var target) || target == a.Id || !index.ContainsKey(target)))
            errors.Add(Error($"{path}.inputs.milestone", "milestone-unknown", "milestone-unknown", a.Id, null, ("activity", Label(a))));
        switch (a.Type)
        {
            case "Join" when StringInput(a, "mode") == BuiltIn.Join.WaitN:
                if (a.Inputs.GetValueOrDefault("count") is not JsonValue n || n.GetValueKind() != JsonValueKind.Number || n.GetValue<double>() < 1)
                    errors.Add(Error($"{path}.inputs.count", "join-count", "join-count", a.Id, null, ("activity", Label(a))));
                break;
            case "Cancel":
                if (a.Inputs.GetValueOrDefault("activities") is JsonArray ids)
                {
                    for (var k = 0; k < ids.Count; k++)
                    {
                        var id = ids[k] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                        if (id is null || !index.ContainsKey(id))
                            errors.Add(Error($"{path}.inputs.activities[{k}]", "cancel-unknown-activity", "cancel-unknown-activity", a.Id, null,
                                ("activity", Label(a)), ("id", ids[k]?.ToJsonString() ?? "")));
                    }
                }
                else if (a.Inputs.GetValueOrDefault("activities") is not null)
                    errors.Add(Error($"{path}.inputs.activities", "cancel-unknown-activity", "cancel-not-list", a.Id, null, ("activity", Label(a))));
                break;
            case "ForEach":
                var waitFor = StringInput(a, "waitFor");
                if (waitFor == "count" && a.Inputs.GetValueOrDefault("count") is null)
                    errors.Add(Error($"{path}.inputs.count", "input-required", "foreach-count", a.Id, null, ("activity", Label(a))));
                if (waitFor == "condition" && a.Inputs.GetValueOrDefault("completionCondition") is null)
                    errors.Add(Error($"{path}.inputs.completionCondition", "input-required", "foreach-condition", a.Id, null, ("activity", Label(a))));
                break;
        }
    }

    /// <summary>An error whose sentence is <paramref name="key"/> of <see cref="ValidationMessages"/> with these arguments.</summary>
    private static ValidationError Error(string path, string code, string key, string? activityId, int? connectionIndex,
        params (string Name, string Value)[] args)
    {
        var values = args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
        return new ValidationError(path, ValidationMessages.Format(key, values), code, activityId, connectionIndex) { MessageKey = key, Args = values };
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
                        errors.Add(Error(casePath, "expression-empty", "case-empty", a.Id, null, ("case", name), ("activity", Label(a))));
                        break;
                    }
                    var problems = expressions.Check(source, isTemplate: false);
                    if (problems.Count > 0)
                        errors.Add(Error(casePath, "expression-invalid", "case-invalid", a.Id, null, ("case", name), ("activity", Label(a)), ("problems", string.Join("; ", problems))));
                    break;
                case null:
                    errors.Add(Error(casePath, "expression-empty", "case-empty", a.Id, null, ("case", name), ("activity", Label(a))));
                    break;
                case JsonObject or JsonArray:
                    errors.Add(Error(casePath, "expression-invalid", "case-not-string", a.Id, null, ("case", name), ("activity", Label(a))));
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
