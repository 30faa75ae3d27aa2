using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// Waits until the warehouse records the receipt of the request's RMA: the <c>rma.received</c> event keyed by the RMA
/// number (<c>POST /api/events/rma.received</c>, or a webhook's RaiseEvent action) with <c>{ carrier, tracking,
/// condition }</c>. The RMA becomes Received and the request InProgress: the depot's turnaround starts. Goods that never
/// arrive are the flow's <c>timeout</c> (TimedOut; the RMA is closed).
/// </summary>
public sealed class RmaReceive : Activity
{
    public const string ReceivedEvent = "rma.received";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "RmaReceive",
        Category = AfterSales.Category,
        DisplayName = "Receive RMA goods",
        Description = "Waits for the warehouse to record receipt of the RMA number (rma.received event); the depot's turnaround starts.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Received"],
        Outputs = [new("rmaNumber", "string"), new("carrier", "string"), new("tracking", "string"), new("condition", "string")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        context.Log($"Waiting for {rma.Number} at the warehouse");
        return ActivityResult.Suspend(new BookmarkRequest(BookmarkNames.EventPrefix + ReceivedEvent, rma.Number));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        var carrier = Short(AfterSales.Text(stimulus.Payload, "carrier"));
        var tracking = Short(AfterSales.Text(stimulus.Payload, "tracking"));
        (rma.Status, rma.ReceivedAt) = (RmaStatus.Received, context.Now);
        rma.InboundCarrier = carrier ?? rma.InboundCarrier;
        rma.InboundTracking = tracking ?? rma.InboundTracking;
        RequestWork.SetStatus(request, ServiceRequestStatus.InProgress, context.Now);
        return AfterSales.Done("Received", new JsonObject
        {
            ["rmaNumber"] = rma.Number,
            ["carrier"] = rma.InboundCarrier,
            ["tracking"] = rma.InboundTracking,
            ["condition"] = AfterSales.Text(stimulus.Payload, "condition"),
        });
    }

    /// <summary>Goods that never came (the timeout) or a cancelled flow: the authorisation ends.</summary>
    public override async ValueTask WithdrawAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        if (rma.Status is RmaStatus.Authorised or RmaStatus.InTransitIn)
            rma.Status = RmaStatus.Closed;
    }

    private static string? Short(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= 100 ? text.Trim() : text.Trim()[..100];
}
