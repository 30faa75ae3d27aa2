using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Multiple instances: runs a published sub-flow once per item of a list — all at once (parallel) or one after the
/// other (sequential) — each child started with <c>{ item, index }</c> plus <c>input</c>. It continues when all have
/// finished, at once without waiting (<c>waitFor: none</c>), after the first <c>count</c>, or when
/// <c>completionCondition</c> holds; the children still running are then cancelled (or left to finish, with
/// <c>cancelRemaining: false</c>). Items can be added while it runs (the <c>addEvent</c> event, payload
/// <c>{ "items": [...] }</c>) and the whole set force-completed (the <c>completeEvent</c> event). The output is
/// <c>{ results, completed, total, cancelled }</c>, <c>results[i]</c> the variables of item i's child.
/// </summary>
public sealed class ForEach : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "ForEach",
        Category = "Flow",
        DisplayName = "For each",
        Description = "Runs a sub-flow per item of a list, in parallel or in sequence, and joins all, the first N, or on a condition.",
        Kind = ActivityKind.Blocking,
        Inputs =
        [
            new("items", "Items", "list", "expression", Required: true, Description: "The list, e.g. outputs.quote.lines."),
            new("definitionId", "Flow per item", "string", "definition", Required: true, ExpressionAllowed: false),
            new("input", "Input", "json", "json", Description: "Added to each child's input besides item and index."),
            new("mode", "Mode", "choice", "dropdown", Default: "parallel", ExpressionAllowed: false, Choices: ["parallel", "sequential"]),
            new("waitFor", "Wait for", "choice", "dropdown", Default: "all", ExpressionAllowed: false, Choices: ["all", "none", "count", "condition"],
                Description: "none: continue at once and let the children run unsynchronized."),
            new("count", "Count", "number", "number", Description: "waitFor count: continue after this many children finished."),
            new("completionCondition", "Completion condition", "boolean", "expression",
                Description: "waitFor condition: checked after each child finishes; outputs.<this id> is { results, completed, total } so far."),
            new("cancelRemaining", "Cancel remaining", "boolean", "checkbox", Default: true, ExpressionAllowed: false,
                Description: "When it continues before every child finished: cancel the others (on) or let them finish unobserved (off)."),
            new("addEvent", "Add-items event", "string", "singleline", ExpressionAllowed: false,
                Description: "An event that adds items while it runs: payload { \"items\": [...] }."),
            new("completeEvent", "Force-complete event", "string", "singleline", ExpressionAllowed: false,
                Description: "An event that completes it at once with the results so far."),
            new("correlationKey", "Correlation key", "string", "singleline", Description: "The key of the two events, e.g. {{ input.rmaNumber }}."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var items = context.Input("items") switch
        {
            JsonArray a => a,
            null => [],
            var other => throw new InvalidOperationException($"'items' of '{context.ActivityId}' must be a list, not {other.ToJsonString()}."),
        };
        var state = context.ExecutionState;
        state["items"] = items.DeepClone();
        state["results"] = new JsonArray(items.Select(_ => (JsonNode?)null).ToArray());
        state["running"] = new JsonObject();
        state["next"] = 0;
        state["completed"] = 0;
        var waitFor = context.InputString("waitFor") ?? "all";
        var started = StartMore(context, state);
        if (waitFor == "none")
            return ValueTask.FromResult(ActivityResult.Done("Done", Output(state, 0)));
        return ValueTask.FromResult(Next(context, state, started, []));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var state = context.ExecutionState;
        var running = state["running"]!.AsObject();
        var again = new List<BookmarkRequest>();
        if (stimulus.BookmarkName == BookmarkNames.SubWorkflow && running[stimulus.CorrelationKey] is { } index)
        {
            running.Remove(stimulus.CorrelationKey);
            state["results"]![index.GetValue<int>()] = stimulus.Payload?.DeepClone();
            state["completed"] = state["completed"]!.GetValue<int>() + 1;
        }
        else if (stimulus.BookmarkName == EventBookmark(context, "addEvent"))
        {
            var added = stimulus.Payload?["items"] as JsonArray ?? (stimulus.Payload?["item"] is { } one ? new JsonArray(one.DeepClone()) : []);
            foreach (var item in added)
            {
                state["items"]!.AsArray().Add(item?.DeepClone());
                state["results"]!.AsArray().Add(null);
            }
            context.Log($"{added.Count} item(s) added while running");
            again.Add(new BookmarkRequest(stimulus.BookmarkName, stimulus.CorrelationKey));
        }
        else if (stimulus.BookmarkName == EventBookmark(context, "completeEvent"))
        {
            context.Log("force-completed");
            return ValueTask.FromResult(Finish(context, state));
        }
        return ValueTask.FromResult(Next(context, state, StartMore(context, state), again));
    }

    /// <summary>Finished, or waiting for the children still running (and the events) with the new bookmarks.</summary>
    private static ActivityResult Next(ActivityContext context, JsonObject state, List<BookmarkRequest> started, List<BookmarkRequest> again)
    {
        var total = state["items"]!.AsArray().Count;
        var completed = state["completed"]!.GetValue<int>();
        var running = state["running"]!.AsObject().Count;
        var done = (context.InputString("waitFor") ?? "all") switch
        {
            "count" => completed >= Math.Min(total, (int)(context.InputNumber("count") ?? total)) && (completed > 0 || total == 0),
            "condition" => (completed > 0 && Decision.IsTrue(ConditionWith(context, state))) || (running == 0 && started.Count == 0),
            _ => running == 0 && started.Count == 0,
        };
        if (done)
            return Finish(context, state);
        var bookmarks = new List<BookmarkRequest>(started);
        bookmarks.AddRange(again);
        if (state["eventsWaiting"] is null)
        {
            // the first time it waits: the add-items and force-complete events
            state["eventsWaiting"] = true;
            foreach (var input in new[] { "addEvent", "completeEvent" })
            {
                if (EventBookmark(context, input) is { } name)
                    bookmarks.Add(new BookmarkRequest(name, context.InputString("correlationKey") ?? context.Instance.Id.ToString()));
            }
        }
        return ActivityResult.Suspend([.. bookmarks]);
    }

    private static JsonNode? ConditionWith(ActivityContext context, JsonObject state)
    {
        var expression = context.Node.Inputs.GetValueOrDefault("completionCondition") is JsonObject o && o["expression"] is JsonValue e
            ? e.GetValue<string>()
            : null;
        if (expression is null)
            return context.Input("completionCondition");
        // the condition sees the progress so far as outputs.<this id>
        return context.EvaluateWithOutput(expression, Output(state, 0));
    }

    private static ActivityResult Finish(ActivityContext context, JsonObject state)
    {
        var running = state["running"]!.AsObject();
        var cancelled = 0;
        if (context.InputBool("cancelRemaining", true))
        {
            foreach (var (childId, _) in running)
            {
                context.CancelInstance(Guid.Parse(childId), $"'{context.ActivityId}' completed without it");
                cancelled++;
            }
        }
        return ActivityResult.Done("Done", Output(state, cancelled));
    }

    private static JsonObject Output(JsonObject state, int cancelled) => new()
    {
        ["results"] = state["results"]!.DeepClone(),
        ["completed"] = state["completed"]!.GetValue<int>(),
        ["total"] = state["items"]!.AsArray().Count,
        ["cancelled"] = cancelled,
    };

    /// <summary>Starts the children it may start now: every item not started yet, or in sequence the next one.</summary>
    private static List<BookmarkRequest> StartMore(ActivityContext context, JsonObject state)
    {
        var items = state["items"]!.AsArray();
        var running = state["running"]!.AsObject();
        var next = state["next"]!.GetValue<int>();
        var sequential = context.InputString("mode") == "sequential";
        var started = new List<BookmarkRequest>();
        var extra = context.Input("input") as JsonObject;
        while (next < items.Count && (!sequential || running.Count == 0))
        {
            var childId = ChildId(context.ActivityInstanceId, next);
            var input = extra?.DeepClone().AsObject() ?? [];
            input["item"] = items[next]?.DeepClone();
            input["index"] = next;
            context.StartChild(childId, context.InputString("definitionId")!, input, context.Instance.CorrelationId);
            running[childId.ToString()] = next;
            started.Add(new BookmarkRequest(BookmarkNames.SubWorkflow, childId.ToString()));
            next++;
        }
        state["next"] = next;
        return started;
    }

    public override ValueTask WithdrawAsync(ActivityContext context)
    {
        if (context.ExecutionState["running"] is JsonObject running)
        {
            foreach (var (childId, _) in running)
                context.CancelInstance(Guid.Parse(childId), $"'{context.ActivityId}' was withdrawn");
        }
        return ValueTask.CompletedTask;
    }

    private static string? EventBookmark(ActivityContext context, string input) =>
        context.InputString(input) is { Length: > 0 } name ? BookmarkNames.EventPrefix + name : null;

    private static Guid ChildId(string execution, int index) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{execution}/{index}")));
}
