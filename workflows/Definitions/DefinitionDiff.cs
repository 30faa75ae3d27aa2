

namespace Orchestrator.Workflows.Definitions;

public sealed record ActivityChange(string ActivityId, string Change, IReadOnlyList<string> Fields);

public sealed record ConnectionChange(Connection Connection, string Change);

/// <summary>What changed between two versions: activities and connections added, removed, changed.</summary>
public sealed record DefinitionDiff(int From, int To, IReadOnlyList<ActivityChange> Activities, IReadOnlyList<ConnectionChange> Connections)
{
    public static DefinitionDiff Between(WorkflowDefinition from, WorkflowDefinition to)
    {
        var before = from.Activities.ToDictionary(a => a.Id);
        var after = to.Activities.ToDictionary(a => a.Id);
        var activities = new List<ActivityChange>();
        foreach (var (id, a) in after)
        {
            if (!before.TryGetValue(id, out var b))
            {
                activities.Add(new(id, "added", []));
                continue;
            }
            var fields = new List<string>();
            if (a.Type != b.Type) fields.Add("type");
            if (a.DisplayName != b.DisplayName) fields.Add("displayName");
            foreach (var key in a.Inputs.Keys.Union(b.Inputs.Keys).Order())
            {
                var x = a.Inputs.GetValueOrDefault(key)?.ToJsonString();
                var y = b.Inputs.GetValueOrDefault(key)?.ToJsonString();
                if (x != y) fields.Add($"inputs.{key}");
            }
            if (a.Position != b.Position) fields.Add("position");
            if (fields.Count > 0) activities.Add(new(id, fields.All(f => f == "position") ? "moved" : "changed", fields));
        }
        activities.AddRange(before.Keys.Where(id => !after.ContainsKey(id)).Select(id => new ActivityChange(id, "removed", [])));

        var connections = new List<ConnectionChange>();
        var beforeConnections = from.Connections.ToHashSet();
        var afterConnections = to.Connections.ToHashSet();
        connections.AddRange(afterConnections.Where(c => !beforeConnections.Contains(c)).Select(c => new ConnectionChange(c, "added")));
        connections.AddRange(beforeConnections.Where(c => !afterConnections.Contains(c)).Select(c => new ConnectionChange(c, "removed")));
        return new DefinitionDiff(from.Version, to.Version, activities, connections);
    }

    public bool IsEmpty => Activities.Count == 0 && Connections.Count == 0;

}
