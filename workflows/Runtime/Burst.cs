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
    private Queue<WorkItem> _work = new();

    /// <summary>A step waiting in this burst: the activity it runs (for cancelling a region) and the deferred
    /// choice it is a branch of (withdrawn when another branch wins).</summary>
    private readonly record struct WorkItem(string? ActivityId, string? Choice, Func<Task> Run);

    private void Enqueue(Func<Task> run, string? activityId = null, string? choice = null) => _work.Enqueue(new(activityId, choice, run));

    private void RemoveWork(Func<WorkItem, bool> withdrawn) => _work = new(_work.Where(w => !withdrawn(w)));
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
        Enqueue(() => ExecuteAsync(start, null), start.Id);
    }

    /// <summary>Resumes the bookmark (name, key). False when no such bookmark waits (already resumed, withdrawn).</summary>
    public bool Resume(string name, string key, JsonNode? payload, string? outcome)
    {
        var bookmark = Bookmarks.FirstOrDefault(b => b.Name == name && b.CorrelationKey == key);
        if (bookmark is null)
            return false;
        Changed = true;
        Instance.Status = InstanceStatus.Running;
        Enqueue(() => ResumeAsync(bookmark, new Stimulus(name, key, payload, outcome)));
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
            Enqueue(() => ExecuteAsync(node, null), node.Id);
        else
            Enqueue(() => HandleAsync(node, Registry(node), ContextFor(node, ActivityContext.NewKey(), 1, null),
                ActivityResult.Done(skipOutcome), 0), node.Id);
        return true;
    }

    // ------------------------------------------------------------------ the loop

    public async Task RunAsync()
    {
        while (!_terminated)
        {
            if (_work.Count == 0 && !await SettleMilestonesAsync() && !await FireSynchronizingMergeAsync())
                break;
            if (++_steps > MaxStepsPerBurst)
            {
                await RaiseIncidentAsync("(burst)", "(engine)",
                    $"More than {MaxStepsPerBurst} activities ran in one burst without waiting: a loop without a blocking activity?", null, 1);
                _work.Clear();
                break;
            }
            await _work.Dequeue().Run();
        }
        await FinishAsync();
    }

    private async Task ExecuteAsync(ActivityNode node, Connection? inbound, string? choice = null)
    {
        var activity = Registry(node);
        if (MilestoneOf(node, activity) is { } milestone && !IsWaiting(milestone))
        {
            // not enabled yet: the path waits here until the milestone activity waits (settled when the burst runs out of work)
            var waiting = ActivityContext.NewKey();
            if (choice is not null)
                State.Choices[waiting] = choice;
            AddBookmark(node, waiting, new BookmarkRequest(BookmarkNames.MilestonePrefix + milestone, waiting, null, null));
            Log(node, "Suspended", null, $"{BookmarkNames.MilestonePrefix}{milestone}: enabled only while '{milestone}' waits");
            return;
        }
        var attempt = State.Attempts.GetValueOrDefault(node.Id) + 1;
        var context = ContextFor(node, ActivityContext.NewKey(), attempt, inbound);
        var started = Stopwatch.GetTimestamp();
        ActivityResult result;
        DateTimeOffset? timeoutAt = null;
        try
        {
            timeoutAt = TimeoutOf(node, activity);
            result = await activity.ExecuteAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !Cancellation.IsCancellationRequested)
        {
            result = ActivityResult.Fault(e.Message, e);
        }
        await HandleAsync(node, activity, context, result, started, choice, timeoutAt);
    }

    /// <summary>The activity id a blocking activity's <c>milestone</c> names (WCP-18), or null.</summary>
    private static string? MilestoneOf(ActivityNode node, Activity activity) =>
        activity.Descriptor.HasTimeout && node.Inputs.GetValueOrDefault(ActivityDescriptor.MilestoneInput.Name) is JsonValue value &&
        value.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>Whether the activity waits now (has a bookmark of its own, not a wait for its own milestone).</summary>
    private bool IsWaiting(string activityId) =>
        Bookmarks.Any(b => b.ActivityId == activityId && !b.Name.StartsWith(BookmarkNames.MilestonePrefix, StringComparison.Ordinal));

    /// <summary>
    /// Milestones (WCP-18), once the burst has no work left: a path waiting for a milestone that is now reached runs its
    /// activity; an enabled activity whose milestone no longer waits is withdrawn (its path ends); and when nothing but
    /// milestone waits is left, no milestone can be reached any more, so those waits end too. True when work was queued.
    /// </summary>
    private async Task<bool> SettleMilestonesAsync()
    {
        if (!Compiled.HasMilestones)
            return false;
        var enabled = false;
        foreach (var wait in Bookmarks.Where(b => b.Name.StartsWith(BookmarkNames.MilestonePrefix, StringComparison.Ordinal)).ToList())
        {
            var milestone = wait.Name[BookmarkNames.MilestonePrefix.Length..];
            if (!IsWaiting(milestone) || Compiled.Node(wait.ActivityId) is not { } node)
                continue;
            RemoveBookmark(wait);
            var choice = State.Choices.GetValueOrDefault(wait.ActivityInstanceId);
            State.Choices.Remove(wait.ActivityInstanceId);
            Log(node, "Resumed", null, $"its milestone '{milestone}' is reached");
            Enqueue(() => ExecuteAsync(node, null, choice), node.Id, choice);
            enabled = true;
        }
        if (enabled)
            return true;
        foreach (var group in Bookmarks.Where(b => !b.Name.StartsWith(BookmarkNames.MilestonePrefix, StringComparison.Ordinal))
                     .GroupBy(b => b.ActivityInstanceId).ToList())
        {
            if (Compiled.Node(group.First().ActivityId) is { } node && MilestoneOf(node, Registry(node)) is { } milestone && !IsWaiting(milestone))
                await WithdrawExecutionAsync(node, group.Key, $"its milestone '{milestone}' has passed");
        }
        if (Bookmarks.Count > 0 && Bookmarks.All(b => b.Name.StartsWith(BookmarkNames.MilestonePrefix, StringComparison.Ordinal)))
        {
            foreach (var group in Bookmarks.GroupBy(b => b.ActivityInstanceId).ToList())
            {
                if (Compiled.Node(group.First().ActivityId) is { } node)
                    await WithdrawExecutionAsync(node, group.Key, "its milestone can no longer be reached: nothing else is left to do");
                else
                    RemoveExecutionBookmarks(group.Key);
            }
        }
        return false;
    }

    /// <summary>When the boundary timer of a blocking activity fires, from its <c>timeout</c> input; null without one.</summary>
    private DateTimeOffset? TimeoutOf(ActivityNode node, Activity activity)
    {
        if (!activity.Descriptor.HasTimeout || node.Inputs.GetValueOrDefault(ActivityDescriptor.TimeoutInput.Name) is null)
            return null;
        var value = EvaluateInput(node, ActivityDescriptor.TimeoutInput.Name);
        if (value is null)
            return null;
        var duration = Durations.Parse(value)
                       ?? throw new FormatException($"The timeout of '{node.Id}' is not a duration: {value.ToJsonString()}.");
        return Now + duration;
    }

    private async Task ResumeAsync(BookmarkRecord bookmark, Stimulus stimulus)
    {
        if (Compiled.Node(bookmark.ActivityId) is not { } node || !Bookmarks.Contains(bookmark))
            return;
        var execution = bookmark.ActivityInstanceId;
        var choice = State.Choices.GetValueOrDefault(execution);
        if (bookmark.Name == BookmarkNames.Retry)
        {
            RemoveExecutionBookmarks(execution);
            State.Choices.Remove(execution);
            await ExecuteAsync(node, null, choice);
            return;
        }
        var activity = Registry(node);
        var context = ContextFor(node, execution, State.Attempts.GetValueOrDefault(node.Id) + 1, null);
        if (bookmark.Name == BookmarkNames.Timeout)
        {
            // the boundary timer came first: the activity's own wait (task, child, event) goes in this burst
            Log(node, "TimedOut", ActivityDescriptor.TimedOut, $"waiting since {bookmark.CreatedAt:O}");
            await WithdrawExecutionAsync(node, execution, null);
            if (choice is not null)
                await DecideChoiceAsync(choice, execution);
            await HandleAsync(node, activity, context, ActivityResult.Done(ActivityDescriptor.TimedOut), 0);
            return;
        }
        RemoveBookmark(bookmark);
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
        if (result is not ActivityResult.Suspended)
        {
            // done waiting: its other bookmarks (the timeout, other children) go now, and so do the other
            // branches of a deferred choice it belongs to
            RemoveExecutionBookmarks(execution);
            State.Executions.Remove(execution);
            State.Choices.Remove(execution);
            if (choice is not null)
                await DecideChoiceAsync(choice, execution);
        }
        await HandleAsync(node, activity, context, result, started);
    }

    private void RemoveExecutionBookmarks(string execution)
    {
        foreach (var sibling in Bookmarks.Where(b => b.ActivityInstanceId == execution).ToList())
            RemoveBookmark(sibling);
    }

    /// <summary>A branch of a deferred choice won: every other branch is withdrawn, waiting or still queued.</summary>
    private async Task DecideChoiceAsync(string choice, string winner)
    {
        RemoveWork(w => w.Choice == choice);
        foreach (var (execution, _) in State.Choices.Where(kv => kv.Value == choice && kv.Key != winner).ToList())
        {
            State.Choices.Remove(execution);
            if (Bookmarks.FirstOrDefault(b => b.ActivityInstanceId == execution) is { } waiting && Compiled.Node(waiting.ActivityId) is { } loser)
                await WithdrawExecutionAsync(loser, execution, "another branch of the deferred choice was taken first");
        }
        State.Choices.Remove(winner);
    }

    /// <summary>Withdraws one waiting execution: the activity undoes what waiting created, its bookmarks go.</summary>
    private async Task WithdrawExecutionAsync(ActivityNode node, string execution, string? reason)
    {
        // a path waiting for its milestone never ran the activity: nothing of it to undo
        if (Bookmarks.Any(b => b.ActivityInstanceId == execution && !b.Name.StartsWith(BookmarkNames.MilestonePrefix, StringComparison.Ordinal)))
            await Registry(node).WithdrawAsync(ContextFor(node, execution, 1, null));
        RemoveExecutionBookmarks(execution);
        State.Choices.Remove(execution);
        State.Executions.Remove(execution);
        if (reason is not null)
            Log(node, "Withdrawn", null, reason);
    }

    /// <summary>Cancels the activities (a task, a region): what they wait for is withdrawn, their queued steps dropped,
    /// tokens sitting at joins among them removed. Their paths end there.</summary>
    public async Task CancelActivitiesAsync(IReadOnlySet<string> activityIds, string reason)
    {
        RemoveWork(w => w.ActivityId is { } id && activityIds.Contains(id));
        foreach (var group in Bookmarks.Where(b => activityIds.Contains(b.ActivityId)).GroupBy(b => b.ActivityInstanceId).ToList())
        {
            if (Compiled.Node(group.First().ActivityId) is { } node)
                await WithdrawExecutionAsync(node, group.Key, reason);
        }
        foreach (var id in activityIds)
        {
            if (State.Joins.Remove(id) | State.JoinsFired.Remove(id))
                Log(Compiled.Node(id), "Withdrawn", null, reason);
            State.Loops.Remove(id);
        }
    }

    /// <summary>
    /// Synchronizing merge (Join mode WaitActive): once nothing is pending in the burst, a join that has arrivals
    /// fires if no work that could still reach it is left — no bookmark, queued step or held join upstream of it.
    /// </summary>
    private async Task<bool> FireSynchronizingMergeAsync()
    {
        foreach (var (joinId, arrived) in State.Joins.ToList())
        {
            if (arrived.Count == 0 || Compiled.Node(joinId) is not { } node || !Activities.BuiltIn.Join.IsSynchronizingMerge(node))
                continue;
            var upstream = Compiled.Upstream(joinId);
            if (Bookmarks.Any(b => upstream.Contains(b.ActivityId)) ||
                _incidentActivities.Overlaps(upstream) ||
                (_hadIncidents && (await OpenIncidentsAsync()).Any(i => i.ResolvedAt is null && upstream.Contains(i.ActivityId))) ||
                State.Joins.Any(kv => kv.Key != joinId && kv.Value.Count > 0 && upstream.Contains(kv.Key) && !State.JoinsFired.Contains(kv.Key)))
                continue;
            State.Joins.Remove(joinId);
            Log(node, "Merged", null, $"{arrived.Distinct().Count()} of {Compiled.Inbound(joinId).Count} inbound paths were started; all have arrived");
            Enqueue(() => HandleAsync(node, Registry(node), ContextFor(node, ActivityContext.NewKey(), 1, null), ActivityResult.Done("Done"), 0), node.Id);
            return true;
        }
        return false;
    }

    private readonly HashSet<string> _incidentActivities = new(StringComparer.Ordinal);

    private async Task HandleAsync(ActivityNode node, Activity activity, ActivityContext context, ActivityResult result, long started,
        string? choice = null, DateTimeOffset? timeoutAt = null)
    {
        var ms = started == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        switch (result)
        {
            case ActivityResult.Completed done:
                State.Attempts.Remove(node.Id);
                State.Executions.Remove(context.ActivityInstanceId);
                if (done.Output is not null)
                {
                    State.Outputs[node.Id] = done.Output.DeepClone();
                    InvalidateModel();
                }
                Log(node, "Completed", string.Join(",", done.Outcomes), null, ms);
                if (choice is not null)
                    await DecideChoiceAsync(choice, context.ActivityInstanceId);
                // the targets of a deferred choice are its branches: the first to be resumed withdraws the others
                var branches = node.Type == Activities.BuiltIn.DeferredChoice.TypeName ? context.ActivityInstanceId : null;
                foreach (var outcome in done.Outcomes)
                {
                    foreach (var connection in Compiled.Outgoing(node.Id, outcome))
                    {
                        var target = Compiled.Node(connection.Target)!;
                        Enqueue(() => ExecuteAsync(target, connection, branches), target.Id, branches);
                    }
                }
                break;
            case ActivityResult.Suspended suspended:
                if (choice is not null)
                    State.Choices[context.ActivityInstanceId] = choice;
                foreach (var request in suspended.Bookmarks)
                    AddBookmark(node, context.ActivityInstanceId, request);
                if (timeoutAt is { } due)
                    AddBookmark(node, context.ActivityInstanceId, new BookmarkRequest(BookmarkNames.Timeout, context.ActivityInstanceId, null, due));
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
        _incidentActivities.Add(node.Id);
        await RaiseIncidentAsync(node.Id, node.Type, fault.Message, fault.Exception, context.Attempt);
    }

    private Task RaiseIncidentAsync(string activityId, string type, string message, Exception? exception, int attempts)
    {
        Store.Add(new IncidentRecord
        {
            Id = Ids.NewGuid(),
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
            Id = Ids.NewGuid(),
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
        if (record.Name.StartsWith(BookmarkNames.EventPrefix, StringComparison.Ordinal) && IsPersistentTrigger(node))
            Enqueue(() => DeliverPendingStimulusAsync(record));
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

    /// <summary>A WaitForEvent is a persistent trigger unless it says <c>persistent: false</c>.</summary>
    private bool IsPersistentTrigger(ActivityNode node) =>
        !node.Inputs.ContainsKey("persistent") || Activities.BuiltIn.Decision.IsTrue(EvaluateInput(node, "persistent"));

    private void RemoveBookmark(BookmarkRecord bookmark)
    {
        Bookmarks.Remove(bookmark);
        Store.Remove(bookmark);
    }

    private async Task WithdrawAllAsync(string reason)
    {
        foreach (var group in Bookmarks.GroupBy(b => b.ActivityInstanceId).ToList())
        {
            if (Compiled.Node(group.First().ActivityId) is { } node)
                await WithdrawExecutionAsync(node, group.Key, reason);
            else
                RemoveExecutionBookmarks(group.Key);
        }
        State.Joins.Clear();
        State.JoinsFired.Clear();
        State.Choices.Clear();
        State.Sections.Clear();
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
            Id = Ids.NewGuid(),
            Channel = channel,
            Payload = payload.ToJsonString(),
            IdempotencyKey = idempotencyKey,
            InstanceId = Instance.Id,
            ActivityId = activityId,
            NextAttemptAt = Now,
            CreatedAt = Now,
            // a test run's messages are kept for the analyst to read, never delivered
            Status = Instance.Sandbox ? OutboxStatus.NotSent : OutboxStatus.Pending,
            LastError = Instance.Sandbox ? OutboxStatus.NotSentReason : null,
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

    /// <summary>The boundary timer of a blocking activity's <c>timeout</c>; its key is the execution id.</summary>
    public const string Timeout = "Timeout";

    /// <summary>An execution waiting to enter a critical section: <c>Section:&lt;name&gt;</c>, keyed by execution id.</summary>
    public const string SectionPrefix = "Section:";
    public const string SubWorkflow = "SubWorkflow";

    /// <summary>A path waiting until an activity's milestone is reached: <c>Milestone:&lt;activity id&gt;</c>, keyed by execution id.</summary>
    public const string MilestonePrefix = "Milestone:";

    /// <summary>WaitForEvent bookmarks are named <c>Event:&lt;event name&gt;</c>.</summary>
    public const string EventPrefix = "Event:";
}
