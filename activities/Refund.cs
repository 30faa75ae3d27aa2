using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// Refunds the customer for a returned product (包退): a supervisor's task to pay back the amount (the sale price, or
/// what the flow says) and record the payment reference; the RMA ends as a refund.
/// </summary>
public sealed class Refund : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Refund",
        Category = AfterSales.Category,
        DisplayName = "Refund",
        Description = "A supervisor refunds the customer and records the payment reference; the RMA closes as a refund.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Refunded"],
        Inputs =
        [
            new("amount", "Amount (yuan)", "number", "number", Description: "What to pay back; the supervisor confirms or corrects it."),
            new("role", "Role", "string", "role", Default: "supervisor"),
            new("dueIn", "Due in", "duration", "duration", Default: "P2D"),
        ],
        Outputs = [new("amount", "number"), new("reference", "string"), new("refundedBy", "string")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        var amount = AfterSales.Number(context.Input("amount"));
        var due = context.InputDuration("dueIn") is { } dueIn ? context.Now + dueIn : (DateTimeOffset?)null;
        return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Refund the customer of {request.Number} ({rma.Number})",
            $"{rma.Reason} {(amount is { } a ? $"Refund {a} yuan" : "Refund the price paid")} and record the payment reference.",
            context.InputString("role"), null, ["Refunded"],
            [AfterSales.Field("amount", "Amount (yuan)", "number", required: true, min: 0), AfterSales.Field("reference", "Payment reference", "text", required: true)],
            due, "high"));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        var amount = AfterSales.Number(stimulus.Payload?["amount"]) ?? AfterSales.Number(context.Input("amount"));
        var reference = AfterSales.Text(stimulus.Payload, "reference");
        if (amount is null or < 0 || string.IsNullOrWhiteSpace(reference))
            return ActivityResult.Fault("A refund needs the amount paid back and the payment reference.");
        (rma.Disposition, rma.Status) = (RmaDisposition.Refund, RmaStatus.Closed);
        var task = await context.Store.FindAsync<Workflows.Persistence.HumanTaskRecord>(t => t.Id == context.ExecutionGuid, context.Cancellation);
        context.Log($"{rma.Number}: {amount} yuan refunded ({reference})");
        return AfterSales.Done("Refunded", new JsonObject { ["amount"] = amount, ["reference"] = reference, ["refundedBy"] = task?.CompletedBy });
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
