using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows.Activities;

/// <summary>
/// What one activity execution sees: its inputs (evaluated), the instance's variables and outputs,
/// the burst's DbContext (domain changes made through it commit with the burst), and the clock.
/// </summary>
public sealed class ActivityContext
{
    private readonly Burst _burst;

    internal ActivityContext(Burst burst, ActivityNode node, string activityInstanceId, int attempt)
    {
        _burst = burst;
        Node = node;
        ActivityInstanceId = activityInstanceId;
        Attempt = attempt;
    }

    public ActivityNode Node { get; }
    public string ActivityId => Node.Id;

    /// <summary>Identifies this execution of the activity (bookmarks and tasks carry it).</summary>
    public string ActivityInstanceId { get; }

    /// <summary>1 on the first try, 2 on the first retry…</summary>
    public int Attempt { get; }

    public InstanceRecord Instance => _burst.Instance;
    public WorkflowDefinition Definition => _burst.Definition;
    /// <summary>The burst's DbContext: domain changes added here commit with the burst. Not available without persistence.</summary>
    public DbContext Db => _burst.Db ?? throw new InvalidOperationException($"'{Node.Type}' needs a database; this engine runs in memory.");

    /// <summary>Where engine records (tasks, …) go: committed with the burst, or kept in memory.</summary>
    public IBurstStore Store => _burst.Store;
    public IServiceProvider Services => _burst.Services;
    public DateTimeOffset Now => _burst.Now;
    public TimeProvider Clock => _burst.Clock;
    public CancellationToken Cancellation => _burst.Cancellation;
    public JsonObject Variables => _burst.State.Vars;

    /// <summary>The inbound connection that brought the path here (joins count them).</summary>
    public Connection? Inbound { get; internal init; }

    /// <summary>Every connection that leads into this activity.</summary>
    public IReadOnlyList<Connection> InboundConnections => _burst.Compiled.Inbound(Node.Id);

    /// <summary>The inbound connections that arrived at this join since it last fired (kept in the instance state).</summary>
    public List<string> JoinArrivals()
    {
        if (!_burst.State.Joins.TryGetValue(Node.Id, out var arrived))
            _burst.State.Joins[Node.Id] = arrived = [];
        return arrived;
    }

    /// <summary>Whether this join has fired in its current round (a discriminator waiting for the other branches).</summary>
    public bool JoinFired
    {
        get => _burst.State.JoinsFired.Contains(Node.Id);
        set
        {
            if (value) _burst.State.JoinsFired.Add(Node.Id);
            else _burst.State.JoinsFired.Remove(Node.Id);
        }
    }

    /// <summary>Cancels whatever is still pending upstream of this activity (a cancelling join's other branches).</summary>
    public Task CancelUpstreamAsync(string reason) => _burst.CancelActivitiesAsync(_burst.Compiled.Upstream(Node.Id), reason);

    /// <summary>Cancels the activities: their tasks, timers, children and queued steps are withdrawn in this burst.</summary>
    public Task CancelActivitiesAsync(IReadOnlySet<string> activityIds, string reason) => _burst.CancelActivitiesAsync(activityIds, reason);

    /// <summary>State this execution keeps while it waits (kept in the instance, dropped when it finishes).</summary>
    public JsonObject ExecutionState
    {
        get
        {
            if (!_burst.State.Executions.TryGetValue(ActivityInstanceId, out var state))
                _burst.State.Executions[ActivityInstanceId] = state = [];
            return state;
        }
    }

    /// <summary>Iterations of this Loop in its current pass (0 before the first).</summary>
    public int LoopIterations
    {
        get => _burst.State.Loops.GetValueOrDefault(Node.Id);
        set
        {
            if (value == 0) _burst.State.Loops.Remove(Node.Id);
            else _burst.State.Loops[Node.Id] = value;
        }
    }

    /// <summary>The queue of a critical section: its holder first, then the executions waiting for it.</summary>
    public List<string> Section(string name)
    {
        if (!_burst.State.Sections.TryGetValue(name, out var queue))
            _burst.State.Sections[name] = queue = [];
        return queue;
    }

    /// <summary>Resumes one of this instance's bookmarks within the burst (a critical section handed on).</summary>
    public bool ResumeBookmark(string name, string key, JsonNode? payload = null) => _burst.Resume(name, key, payload, null);

    /// <summary>Evaluates a Scriban expression against the instance model.</summary>
    public JsonNode? Evaluate(string expression) => _burst.Evaluate(expression);

    /// <summary>Evaluates an expression that sees <paramref name="output"/> as this activity's output (progress so far).</summary>
    public JsonNode? EvaluateWithOutput(string expression, JsonNode output)
    {
        var outputs = _burst.State.Outputs;
        var before = outputs[Node.Id]?.DeepClone();
        outputs[Node.Id] = output.DeepClone();
        _burst.InvalidateModel();
        try
        {
            return _burst.Evaluate(expression);
        }
        finally
        {
            if (before is null) outputs.Remove(Node.Id);
            else outputs[Node.Id] = before;
            _burst.InvalidateModel();
        }
    }

    /// <summary>Writes a Cancel dispatch for another instance (a child) in this burst's transaction.</summary>
    public void CancelInstance(Guid instanceId, string reason) =>
        _burst.NewDispatch(DispatchKind.Cancel, instanceId, new JsonObject { ["reason"] = reason });

    /// <summary>A Guid derived from this execution: the id of the task or child flow it creates, so withdrawing finds it.</summary>
    public Guid ExecutionGuid => Guid.ParseExact(ActivityInstanceId, "N");

    /// <summary>The evaluated value of an input: literal, expression result or rendered template; the descriptor's default when absent.</summary>
    public JsonNode? Input(string name) => _burst.EvaluateInput(Node, name);

    public string? InputString(string name)
    {
        var value = Input(name);
        return value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => value.ToJsonString(),
        };
    }

    public bool InputBool(string name, bool fallback = false)
    {
        var value = Input(name);
        if (value is JsonValue v)
        {
            if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
            if (v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b)) return b;
            if (v.GetValueKind() == JsonValueKind.Number) return double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) != 0;
        }
        return value is null ? fallback : true;
    }

    public double? InputNumber(string name)
    {
        var value = Input(name);
        if (value is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number) return double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (v.GetValueKind() == JsonValueKind.String &&
                double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        }
        return null;
    }

    /// <summary>A duration input: ISO-8601 (<c>PT30M</c>, <c>P7D</c>), <c>hh:mm:ss</c>, or a number of seconds.</summary>
    public TimeSpan? InputDuration(string name) => Durations.Parse(Input(name));

    public void SetVariable(string name, JsonNode? value)
    {
        _burst.State.Vars[name] = value?.DeepClone();
        _burst.InvalidateModel();
    }

    /// <summary>Renders a Scriban template against the instance model (for texts built at run time).</summary>
    public string Render(string template) => _burst.Render(template);

    /// <summary>
    /// Writes a message to the outbox; it is delivered after the burst commits — except in a sandbox instance (a test run),
    /// where it is recorded as not sent and the instance log says so.
    /// </summary>
    public void Outbox(string channel, JsonNode payload, string idempotencyKey)
    {
        _burst.AddOutbox(channel, payload, idempotencyKey, ActivityId);
        if (Instance.Sandbox)
            Log($"{channel} {OutboxStatus.NotSentReason}");
    }

    /// <summary>Starts a child instance of another (or the same) flow in this burst's transaction.</summary>
    public void StartChild(Guid childId, string definitionId, JsonObject input, string? correlationId = null) =>
        _burst.StartChild(childId, definitionId, input, correlationId);

    /// <summary>Adds a message to the execution log of this activity.</summary>
    public void Log(string message) => _burst.Log(Node, "Info", null, message);

    /// <summary>A new identifier, unique and safe to use as a correlation key.</summary>
    public static string NewKey() => Ids.NewRandom().ToString("N");
}
