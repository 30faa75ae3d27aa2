using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Persistence;
using Scriban.Runtime;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// One burst of one instance: activities run until every path waits, the flow ends or faults.
/// Everything it changes is added to the DbContext; the caller commits it in one transaction.
/// </summary>
internal sealed class Burst
{
    public const int MaxStepsPerBurst = 10_000;
    private readonly Queue<Func<Task>> _work = new();
    private readonly ActivityRegistry _registry;
    private readonly ExpressionEngine _expressions;
    private readonly IReadOnlyDictionary<string, object?> _hostModel;
    private ScriptObject? _model;
    private bool _terminated;
    private int _steps;

    public Burst(BurstServices services, IBurstStore store, DbContext? db, IServiceProvider scope, InstanceRecord instance,
        CompiledDefinition compiled, List<BookmarkRecord> bookmarks, DispatchRecord? dispatch,
        IReadOnlyDictionary<string, object?> hostModel, CancellationToken cancellation)
    {
        _registry = services.Registry;
        _expressions = services.Expressions;
        _hostModel = hostModel;
        Clock = services.Clock;
        Now = Clock.GetUtcNow();
        Store = store;
        Db = db;
        Services = scope;
        Instance = instance;
        Compiled = compiled;
        Bookmarks = bookmarks;
        Dispatch = dispatch;
        Cancellation = cancellation;
        State = InstanceState.Parse(instance.State);
        _hadIncidents = instance.Status == InstanceStatus.Faulted;
    }

    /// <summary>Incidents exist only on a faulted instance: others never need to look them up.</summary>
    private readonly bool _hadIncidents;

    public IBurstStore Store { get; }

    /// <summary>The burst's DbContext; null when the engine runs without persistence.</summary>
    public DbContext? Db { get; }
    public IServiceProvider Services { get; }
    public InstanceRecord Instance { get; }
    public CompiledDefinition Compiled { get; }
    public WorkflowDefinition Definition => Compiled.Definition;
    public InstanceState State { get; }
    public List<BookmarkRecord> Bookmarks { get; }
    public DispatchRecord? Dispatch { get; }
    public TimeProvider Clock { get; }
    public DateTimeOffset Now { get; }
    public CancellationToken Cancellation { get; }

    /// <summary>Timers created in this burst: scheduled after commit.</summary>
    public List<BookmarkRecord> NewTimers { get; } = [];

    /// <summary>Dispatches created in this burst (children started, parents resumed).</summary>
    public List<DispatchRecord> NewDispatches { get; } = [];

    public bool Changed { get; private set; }

    // ------------------------------------------------------------------ stimuli

    public void Start()
    {
        Instance.Status = InstanceStatus.Running;
        Changed = true;
        foreach (var variable in Definition.Variables)
        {
            if (!State.Vars.ContainsKey(variable.Name))
                State.Vars[variable.Name] = variable.Default?.DeepClone();
        }
        var start = Compiled.Start ?? throw new InvalidOperationException("The version has no Start activity.");
        _work.Enqueue(() => ExecuteAsync(start, null));
    }

    /// <summary>Resumes the bookmark (name, key). False when no such bookmark waits (already resumed, withdrawn).</summary>
    public bool Resume(string name, string key, JsonNode? payload, string? outcome)
    {
        var bookmark = Bookmarks.FirstOrDefault(b => b.Name == name && b.CorrelationKey == key);
        if (bookmark is null)
            return false;
        Changed = true;
        Instance.Status = InstanceStatus.Running;
        _work.Enqueue(() => ResumeAsync(bookmark, new Stimulus(name, key, payload, outcome)));
        return true;
    }

    public async Task CancelAsync(string reason)
    {
        Changed = true;
        await WithdrawAllAsync(reason);
        foreach (var incident in _hadIncidents ? await OpenIncidentsAsync() : [])
        {
            incident.ResolvedAt = Now;
            incident.Resolution = "Cancelled";
        }
        Instance.Status = InstanceStatus.Cancelled;
        Instance.CompletedAt = Now;
        _terminated = true;
        Log(null, "Cancelled", null, reason);
    }

    /// <summary>Retry (run the activity again) or skip (take the given outcome) an open incident.</summary>
    public async Task<bool> ResolveIncidentAsync(Guid incidentId, string? skipOutcome)
    {
        var incident = (await OpenIncidentsAsync()).FirstOrDefault(i => i.Id == incidentId);
        if (incident is null || Compiled.Node(incident.ActivityId) is not { } node)
            return false;
        Changed = true;
        incident.ResolvedAt = Now;
        incident.Resolution = skipOutcome is null ? "Retried" : $"Skipped: {skipOutcome}";
        State.Attempts.Remove(node.Id);
        Instance.Status = InstanceStatus.Running;
        if (skipOutcome is null)
            _work.Enqueue(() => ExecuteAsync(node, null));
        else
            _work.Enqueue(() => HandleAsync(node, Registry(node), ContextFor(node, ActivityContext.NewKey(), 1, null),
                ActivityResult.Done(skipOutcome), 0));
        return true;
    }

    // ------------------------------------------------------------------ the loop

    public async Task RunAsync()
    {
        while (_work.Count > 0 && !_terminated)
        {
            if (++_steps > MaxStepsPerBurst)
            {
                await RaiseIncidentAsync("(burst)", "(engine)",
                    $"More than {MaxStepsPerBurst} activities ran in one burst without waiting: a loop without a blocking activity?", null, 1);
                _work.Clear();
                break;
            }
            await _work.Dequeue()();
        }
        await FinishAsync();
    }

    private async Task ExecuteAsync(ActivityNode node, Connection? inbound)
    {
        var activity = Registry(node);
        var attempt = State.Attempts.GetValueOrDefault(node.Id) + 1;
        var context = ContextFor(node, ActivityContext.NewKey(), attempt, inbound);
        var started = Stopwatch.GetTimestamp();
        ActivityResult result;
        try
        {
            result = await activity.ExecuteAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !Cancellation.IsCancellationRequested)
        {
            result = ActivityResult.Fault(e.Message, e);
        }
        await HandleAsync(node, activity, context, result, started);
    }

    private async Task ResumeAsync(BookmarkRecord bookmark, Stimulus stimulus)
    {
        if (Compiled.Node(bookmark.ActivityId) is not { } node)
            return;
        // the resumed bookmark and its siblings (a timeout, the other branches of a choice) go now
        foreach (var sibling in Bookmarks.Where(b => b.ActivityInstanceId == bookmark.ActivityInstanceId).ToList())
            RemoveBookmark(sibling);
        if (bookmark.Name == BookmarkNames.Retry)
        {
            await ExecuteAsync(node, null);
            return;
        }
        var activity = Registry(node);
        var context = ContextFor(node, bookmark.ActivityInstanceId, State.Attempts.GetValueOrDefault(node.Id) + 1, null);
        Log(node, "Resumed", null, $"{stimulus.BookmarkName}:{stimulus.CorrelationKey}");
        var started = Stopwatch.GetTimestamp();
        ActivityResult result;
        try
        {
            result = await activity.ResumeAsync(context, stimulus);
        }
        catch (Exception e) when (e is not OperationCanceledException || !Cancellation.IsCancellationRequested)
        {
            result = ActivityResult.Fault(e.Message, e);
        }
        await HandleAsync(node, activity, context, result, started);
    }

    private async Task HandleAsync(ActivityNode node, Activity activity, ActivityContext context, ActivityResult result, long started)
    {
        var ms = started == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        switch (result)
        {
            case ActivityResult.Completed done:
                State.Attempts.Remove(node.Id);
                if (done.Output is not null)
                {
                    State.Outputs[node.Id] = done.Output.DeepClone();
                    InvalidateModel();
                }
                Log(node, "Completed", string.Join(",", done.Outcomes), null, ms);
                foreach (var outcome in done.Outcomes)
                {
                    foreach (var connection in Compiled.Outgoing(node.Id, outcome))
                    {
                        var target = Compiled.Node(connection.Target)!;
                        _work.Enqueue(() => ExecuteAsync(target, connection));
                    }
                }
                break;
            case ActivityResult.Suspended suspended:
                foreach (var request in suspended.Bookmarks)
                    AddBookmark(node, context.ActivityInstanceId, request);
                Log(node, "Suspended", null, string.Join(", ", suspended.Bookmarks.Select(b => $"{b.Name}:{b.CorrelationKey}")), ms);
                break;
            case ActivityResult.AbsorbedResult:
                Log(node, "Waiting", null, context.Inbound?.ToString(), ms);
                break;
            case ActivityResult.Terminated terminated:
                Log(node, "Completed", "Done", "terminates the instance", ms);
                if (terminated.Output is not null)
                    State.Outputs[node.Id] = terminated.Output;
                await WithdrawAllAsync("terminated at " + node.Id);
                _work.Clear();
                _terminated = true;
                Instance.Status = InstanceStatus.Completed;
                break;
            case ActivityResult.Faulted fault:
                await FaultAsync(node, activity, context, fault, ms);
                break;
        }
    }

    private async Task FaultAsync(ActivityNode node, Activity activity, ActivityContext context, ActivityResult.Faulted fault, double ms)
    {
        var policy = activity.Descriptor.Retry;
        State.Attempts[node.Id] = context.Attempt;
        if (context.Attempt < policy.MaxAttempts)
        {
            var due = Now + policy.BackoffBefore(context.Attempt + 1);
            AddBookmark(node, context.ActivityInstanceId, new BookmarkRequest(BookmarkNames.Retry, context.ActivityInstanceId, null, due));
            Log(node, "Faulted", null, $"attempt {context.Attempt} of {policy.MaxAttempts} failed: {fault.Message}; retry at {due:O}", ms);
            return;
        }
        Log(node, "Faulted", null, fault.Message, ms);
        await RaiseIncidentAsync(node.Id, node.Type, fault.Message, fault.Exception, context.Attempt);
    }

    private Task RaiseIncidentAsync(string activityId, string type, string message, Exception? exception, int attempts)
    {
        Store.Add(new IncidentRecord
        {
            Id = Guid.NewGuid(),
            InstanceId = Instance.Id,
            ActivityId = activityId,
            ActivityType = type,
            Message = Truncate(message, 4000)!,
            Exception = exception?.ToString(),
            Attempts = attempts,
            CreatedAt = Now,
        });
        _incidentRaised = true;
        return Task.CompletedTask;
    }

    private bool _incidentRaised;

    private async Task FinishAsync()
    {
        if (!Changed)
            return;
        if (Instance.Status is not (InstanceStatus.Cancelled or InstanceStatus.Completed))
        {
            if (_incidentRaised || (_hadIncidents && (await OpenIncidentsAsync()).Any(i => i.ResolvedAt is null)))
                Instance.Status = InstanceStatus.Faulted;
            else if (Bookmarks.Count > 0)
                Instance.Status = InstanceStatus.Suspended;
            else
                Instance.Status = InstanceStatus.Completed;
        }
        if (Instance.Status == InstanceStatus.Completed)
        {
            Instance.CompletedAt = Now;
            Instance.Output = State.Vars.ToJsonString();
            if (Instance.ParentInstanceId is { } parent)
            {
                NewDispatch(DispatchKind.Resume, parent, new JsonObject
                {
                    ["name"] = BookmarkNames.SubWorkflow,
                    ["key"] = Instance.Id.ToString(),
                    ["payload"] = State.Vars.DeepClone(),
                });
            }
        }
        Instance.State = State.Serialize();
        Instance.UpdatedAt = Now;
        Instance.ConcurrencyVersion++;
    }

    // ------------------------------------------------------------------ effects

    private void AddBookmark(ActivityNode node, string activityInstanceId, BookmarkRequest request)
    {
        var record = new BookmarkRecord
        {
            Id = Guid.NewGuid(),
            InstanceId = Instance.Id,
            ActivityId = node.Id,
            ActivityInstanceId = activityInstanceId,
            Name = request.Name,
            CorrelationKey = request.CorrelationKey,
            Payload = request.Payload?.ToJsonString(),
            DueAt = request.DueAt,
            CreatedAt = Now,
        };
        Store.Add(record);
        Bookmarks.Add(record);
        if (record.DueAt is not null)
            NewTimers.Add(record);
        if (record.Name.StartsWith(BookmarkNames.EventPrefix, StringComparison.Ordinal))
            _work.Enqueue(() => DeliverPendingStimulusAsync(record));
    }

    /// <summary>An event that arrived before this bookmark existed is delivered now.</summary>
    private async Task DeliverPendingStimulusAsync(BookmarkRecord bookmark)
    {
        if (!Bookmarks.Contains(bookmark))
            return;
        var name = bookmark.Name[BookmarkNames.EventPrefix.Length..];
        var key = bookmark.CorrelationKey;
        var pending = (await Store.ListAsync<PendingStimulusRecord>(
                p => p.Name == name && p.CorrelationKey == key && p.DeliveredAt == null, Cancellation))
            .OrderBy(p => p.CreatedAt).FirstOrDefault();
        if (pending is null || pending.ExpiresAt < Now)
            return;
        pending.DeliveredAt = Now;
        pending.DeliveredTo = Instance.Id;
        var payload = pending.Payload is null ? null : JsonNode.Parse(pending.Payload);
        await ResumeAsync(bookmark, new Stimulus(bookmark.Name, bookmark.CorrelationKey, payload));
    }

    private void RemoveBookmark(BookmarkRecord bookmark)
    {
        Bookmarks.Remove(bookmark);
        Store.Remove(bookmark);
    }

    private async Task WithdrawAllAsync(string reason)
    {
        foreach (var group in Bookmarks.GroupBy(b => b.ActivityInstanceId).ToList())
        {
            var first = group.First();
            if (Compiled.Node(first.ActivityId) is { } node)
            {
                var context = ContextFor(node, first.ActivityInstanceId, 1, null);
                await Registry(node).WithdrawAsync(context);
                Log(node, "Withdrawn", null, reason);
            }
            foreach (var bookmark in group)
                RemoveBookmark(bookmark);
        }
    }

    private async Task<List<IncidentRecord>> OpenIncidentsAsync() =>
        _openIncidents ??= await Store.ListAsync<IncidentRecord>(i => i.InstanceId == Instance.Id && i.ResolvedAt == null, Cancellation);

    private List<IncidentRecord>? _openIncidents;

    public DispatchRecord NewDispatch(DispatchKind kind, Guid instanceId, JsonObject? payload)
    {
        var dispatch = new DispatchRecord
        {
            Kind = kind,
            InstanceId = instanceId,
            Payload = payload?.ToJsonString(),
            Status = DispatchStatus.Pending,
            NotBefore = Now,
            CreatedAt = Now,
        };
        Store.Add(dispatch);
        NewDispatches.Add(dispatch);
        return dispatch;
    }

    public void StartChild(Guid id, string definitionId, JsonObject input, string? correlationId) =>
        _pendingChildren.Add((id, definitionId, input, correlationId));

    private readonly List<(Guid Id, string DefinitionId, JsonObject Input, string? CorrelationId)> _pendingChildren = [];

    public IReadOnlyList<(Guid Id, string DefinitionId, JsonObject Input, string? CorrelationId)> PendingChildren => _pendingChildren;

    public void AddOutbox(string channel, JsonNode payload, string idempotencyKey, string activityId) =>
        Store.Add(new OutboxRecord
        {
            Id = Guid.NewGuid(),
            Channel = channel,
            Payload = payload.ToJsonString(),
            IdempotencyKey = idempotencyKey,
            InstanceId = Instance.Id,
            ActivityId = activityId,
            NextAttemptAt = Now,
            CreatedAt = Now,
        });

    public void Log(ActivityNode? node, string @event, string? outcome, string? message, double? durationMs = null) =>
        Store.Add(new ExecutionLogRecord
        {
            InstanceId = Instance.Id,
            Sequence = ++State.Sequence,
            ActivityId = node?.Id ?? "(instance)",
            ActivityType = node?.Type ?? "(instance)",
            Event = @event,
            Outcome = Truncate(outcome, 200),
            At = Now,
            DurationMs = durationMs,
            DispatchId = Dispatch?.Id,
            Stimulus = Dispatch?.Kind.ToString(),
            Message = Truncate(message, 4000),
        });

    // ------------------------------------------------------------------ expressions

    public JsonNode? EvaluateInput(ActivityNode node, string name)
    {
        if (!node.Inputs.TryGetValue(name, out var raw) || raw is null)
            return Registry(node).Descriptor.Inputs.FirstOrDefault(i => i.Name == name)?.Default?.DeepClone();
        if (raw is JsonObject obj && obj.Count == 1)
        {
            if (obj["expression"] is JsonValue expression)
                return _expressions.Evaluate(expression.GetValue<string>(), Model());
            if (obj["template"] is JsonValue template)
                return JsonValue.Create(_expressions.Render(template.GetValue<string>(), Model()));
        }
        return raw.DeepClone();
    }

    public string Render(string template) => _expressions.Render(template, Model());

    public JsonNode? Evaluate(string expression) => _expressions.Evaluate(expression, Model());

    public void InvalidateModel() => _model = null;

    private ScriptObject Model()
    {
        if (_model is not null)
            return _model;
        var model = new ScriptObject
        {
            ["input"] = ExpressionEngine.ToScript(JsonNode.Parse(Instance.Input)),
            ["vars"] = ExpressionEngine.ToScriptObject(State.Vars),
            ["outputs"] = ExpressionEngine.ToScriptObject(State.Outputs),
            ["instance"] = new ScriptObject
            {
                ["id"] = Instance.Id.ToString(),
                ["definitionId"] = Instance.DefinitionId,
                ["version"] = Instance.DefinitionVersion,
                ["correlationId"] = Instance.CorrelationId,
            },
        };
        foreach (var (root, value) in _hostModel)
            model[root] = value;
        return _model = model;
    }

    // ------------------------------------------------------------------ helpers

    private Activity Registry(ActivityNode node) =>
        _registry.Find(node.Type) ?? throw new InvalidOperationException($"Activity type '{node.Type}' is not registered.");

    private ActivityContext ContextFor(ActivityNode node, string activityInstanceId, int attempt, Connection? inbound) =>
        new(this, node, activityInstanceId, attempt) { Inbound = inbound };

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

/// <summary>Bookmark names the engine itself uses.</summary>
public static class BookmarkNames
{
    public const string HumanTask = "HumanTask";
    public const string Timer = "Timer";
    public const string Retry = "Retry";
    public const string SubWorkflow = "SubWorkflow";

    /// <summary>WaitForEvent bookmarks are named <c>Event:&lt;event name&gt;</c>.</summary>
    public const string EventPrefix = "Event:";
}
