using System.Text.Json.Nodes;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Starts a child instance of a flow (the same flow too: recursion), waits for it and outputs its variables.</summary>
public sealed class SubWorkflow : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "SubWorkflow",
        Category = "Flow",
        DisplayName = "Sub-flow",
        Description = "Runs another published flow as a child and waits for it; the child's variables become this activity's output.",
        Kind = ActivityKind.Blocking,
        Inputs =
        [
            new("definitionId", "Flow", "string", "definition", Required: true, ExpressionAllowed: false),
            new("input", "Input", "json", "json", Description: "The child's input (an object, or an expression giving one)."),
            new("correlationId", "Correlation id", "string", "singleline"),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var childId = context.ExecutionGuid;
        var input = context.Input("input") as JsonObject ?? [];
        context.StartChild(childId, context.InputString("definitionId")!, input,
            context.InputString("correlationId") ?? context.Instance.CorrelationId);
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkNames.SubWorkflow, childId.ToString())));
    }

    public override ValueTask WithdrawAsync(ActivityContext context)
    {
        context.CancelInstance(context.ExecutionGuid, "withdrawn by the parent");
        return ValueTask.CompletedTask;
    }
}
