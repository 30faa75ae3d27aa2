using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// A supervisor reviews the finished request (审核): Approve locks it as audited — from then on it refuses every change
/// until someone with the audit right un-audits it; Reject sends it back with the reason.
/// </summary>
public sealed class Audit : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Audit",
        Category = AfterSales.Category,
        DisplayName = "Audit",
        Description = "A supervisor's task to review the finished request; approving locks it as audited.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Audited", "Rejected"],
        RequiredOutcomes = ["Audited"],
        Inputs =
        [
            new("role", "Role", "string", "role", Default: "supervisor"),
            new("dueIn", "Due in", "duration", "duration", Default: "P2D"),
        ],
        Outputs = [new("auditedBy", "string"), new("comment", "string")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var due = context.InputDuration("dueIn") is { } dueIn ? context.Now + dueIn : (DateTimeOffset?)null;
        return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Audit {request.Number}",
            $"Review {request.Number} ({request.Type}, {request.Status}): work, parts and costs ({request.TotalCost} yuan). Approving locks it.",
            context.InputString("role"), null, ["Approve", "Reject"],
            [AfterSales.Field("comment", "Comment", "text")], due));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Workflows.Activities.Stimulus stimulus)
    {
        var comment = AfterSales.Text(stimulus.Payload, "comment");
        if (stimulus.Outcome != "Approve")
            return AfterSales.Done("Rejected", new JsonObject { ["comment"] = comment });
        var request = await AfterSales.RequestAsync(context);
        var task = await context.Store.FindAsync<Workflows.Persistence.HumanTaskRecord>(t => t.Id == context.ExecutionGuid, context.Cancellation);
        var by = task?.CompletedBy ?? "supervisor";
        if (RequestWork.Audit(request, by, context.Now) is { } notReady)
            return ActivityResult.Fault(notReady);
        return AfterSales.Done("Audited", new JsonObject { ["auditedBy"] = by, ["comment"] = comment });
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
