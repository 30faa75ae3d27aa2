using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Merges paths. Each round of a join collects one arrival per inbound connection; a path that arrives again
/// before its round is complete is held for the next round (so a join inside a loop counts each turn once).
/// <list type="bullet">
/// <item>WaitAll continues when every inbound path has arrived (synchronization, generalised AND-join).</item>
/// <item>WaitAny continues on the first arrival and ignores the rest of the round (discriminator).</item>
/// <item>WaitN continues once <c>count</c> inbound paths have arrived (partial join); with one inbound
/// connection it merges <c>count</c> threads of that path into one (thread merge).</item>
/// <item>WaitActive continues once every path that was started towards it has arrived and nothing that could
/// still reach it is pending (synchronizing merge after a multi-choice).</item>
/// </list>
/// <c>cancelRemaining</c> withdraws, when the join fires, whatever is still pending upstream of it.
/// </summary>
public sealed class Join : Activity
{
    public const string WaitAll = "WaitAll", WaitAny = "WaitAny", WaitN = "WaitN", WaitActive = "WaitActive";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "Join",
        Category = "Flow",
        DisplayName = "Join",
        Description = "Waits for all inbound paths (WaitAll), the first (WaitAny), the first N (WaitN) or every path that was started (WaitActive).",
        Outcomes = ["Done"],
        MultipleOutcomes = true,
        Inputs =
        [
            new("mode", "Mode", "choice", "dropdown", Default: WaitAll, ExpressionAllowed: false, Choices: [WaitAll, WaitAny, WaitN, WaitActive],
                Description: "WaitActive: a synchronizing merge, waits only for the paths that were started (after a Switch in mode 'all')."),
            new("count", "Count", "number", "number", ExpressionAllowed: false,
                Description: "WaitN: how many inbound paths (or, with one inbound connection, how many threads) to wait for."),
            new("cancelRemaining", "Cancel remaining", "boolean", "checkbox", Default: false, ExpressionAllowed: false,
                Description: "When the join fires, withdraw what is still pending on the paths leading to it (their tasks, timers, children)."),
        ],
    };

    public static bool IsSynchronizingMerge(Definitions.ActivityNode node) =>
        node.Type == "Join" && node.Inputs.GetValueOrDefault("mode") is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == WaitActive;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var mode = context.InputString("mode") ?? WaitAll;
        var inbound = context.InboundConnections;
        if (context.Inbound is null)
            return ActivityResult.Done("Done");
        var arrived = context.JoinArrivals();
        var key = context.Inbound.ToString();
        if (mode == WaitActive)
        {
            // the engine fires it once nothing upstream is pending (see Burst.FireSynchronizingMergeAsync)
            arrived.Add(key);
            return ActivityResult.Absorbed;
        }
        var count = (int)Math.Max(1, context.InputNumber("count") ?? 1);
        if (inbound.Count <= 1)
        {
            if (mode != WaitN || count <= 1)
                return ActivityResult.Done("Done");
            // thread merge: count threads of the one inbound path become one
            arrived.Add(key);
            if (arrived.Count < count)
                return ActivityResult.Absorbed;
            arrived.RemoveRange(0, count);
            return ActivityResult.Done("Done");
        }

        arrived.Add(key);
        var need = mode switch
        {
            WaitAny => 1,
            WaitN => Math.Min(count, inbound.Count),
            _ => inbound.Count,
        };
        var cancel = context.InputBool("cancelRemaining");
        var firings = 0;
        var fired = context.JoinFired;
        while (true)
        {
            var round = arrived.Distinct().Count();
            if (!fired && round >= need)
            {
                fired = true;
                firings++;
                if (cancel)
                {
                    context.JoinFired = false;
                    await context.CancelUpstreamAsync($"'{context.ActivityId}' fired with {round} of {inbound.Count} inbound paths");
                    arrived.Clear();
                    return ActivityResult.Done("Done");
                }
            }
            if (round < inbound.Count)
                break;
            // the round is complete: it resets; paths that arrived twice start the next one
            foreach (var c in inbound)
                arrived.Remove(c.ToString());
            fired = false;
            if (arrived.Count == 0)
                break;
        }
        context.JoinFired = fired;
        return firings == 0 ? ActivityResult.Absorbed : ActivityResult.Done(Enumerable.Repeat("Done", firings).ToList());
    }
}
