using System.Text.Json.Nodes;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>A published (immutable) version ready to run: connections indexed, Start found. Cached by row id.</summary>
public sealed class CompiledDefinition
{
    private readonly Dictionary<(string Source, string Outcome), List<Connection>> _outgoing = [];
    private readonly Dictionary<string, List<Connection>> _inbound = [];
    private readonly Dictionary<string, ActivityNode> _nodes;

    public CompiledDefinition(Guid recordId, WorkflowDefinition definition)
    {
        RecordId = recordId;
        Definition = definition;
        _nodes = definition.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var c in definition.Connections)
        {
            if (!_outgoing.TryGetValue((c.Source, c.Outcome), out var list))
                _outgoing[(c.Source, c.Outcome)] = list = [];
            list.Add(c);
            if (!_inbound.TryGetValue(c.Target, out var inbound))
                _inbound[c.Target] = inbound = [];
            inbound.Add(c);
        }
        Start = definition.Activities.FirstOrDefault(a => a.Type == "Start");
        HasMilestones = definition.Activities.Any(a => a.Inputs.GetValueOrDefault("milestone") is not null);
        ExpressionText = string.Join('\n', definition.Activities.SelectMany(a => a.Inputs.Values)
            .OfType<JsonObject>().SelectMany(o => o.Select(kv => kv.Value?.ToString() ?? "")));
    }

    public Guid RecordId { get; }
    public WorkflowDefinition Definition { get; }
    public ActivityNode? Start { get; }

    /// <summary>Some activity has a <c>milestone</c>: the burst settles milestones when it runs out of work.</summary>
    public bool HasMilestones { get; }

    /// <summary>Every expression and template of the version, for cheap "does it use X" checks.</summary>
    public string ExpressionText { get; }

    /// <summary>Set by <see cref="BurstServices.IsIsolated"/> the first time it is asked.</summary>
    internal bool? Isolated { get; set; }

    public ActivityNode? Node(string id) => _nodes.GetValueOrDefault(id);

    public IReadOnlyList<Connection> Outgoing(string source, string outcome) =>
        _outgoing.TryGetValue((source, outcome), out var list) ? list : [];

    public IReadOnlyList<Connection> Inbound(string target) => _inbound.TryGetValue(target, out var list) ? list : [];

    /// <summary>The activities from which <paramref name="target"/> can be reached without passing through it: the
    /// region whose pending work a synchronizing merge waits for and a cancelling join withdraws.</summary>
    public IReadOnlySet<string> Upstream(string target) => _upstream.GetOrAdd(target, t =>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([t]);
        while (queue.Count > 0)
        {
            foreach (var c in Inbound(queue.Dequeue()))
            {
                if (c.Source != t && seen.Add(c.Source))
                    queue.Enqueue(c.Source);
            }
        }
        return seen;
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> _upstream = new(StringComparer.Ordinal);

    public static CompiledDefinition From(DefinitionRecord record) =>
        new(record.Id, DefinitionJson.Deserialize(record.Content));
}
