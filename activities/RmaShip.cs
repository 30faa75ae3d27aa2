using System.Text.Json.Nodes;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// Ships the repaired (or replacement) unit back to the customer at our cost: the warehouse's task records the carrier,
/// tracking number and shipping fee (added to the request's travel cost); then the flow waits for the delivery
/// confirmation — the <c>rma.delivered</c> event keyed by the tracking number or the RMA number — or, after
/// <c>confirmWithin</c> without one, takes Unconfirmed.
/// </summary>
public sealed class RmaShip : Activity
{
    public const string DeliveredEvent = "rma.delivered";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "RmaShip",
        Category = AfterSales.Category,
        DisplayName = "Ship back",
        Description = "The warehouse ships the unit back (carrier, tracking number); waits for the delivery confirmation or a timeout.",
        Kind = ActivityKind.Blocking,
        AcceptsTimeout = false,
        Outcomes = ["Delivered", "Unconfirmed"],
        RequiredOutcomes = ["Delivered"],
        Inputs =
        [
            new("role", "Role", "string", "role", Default: "agent", Description: "Who records the shipment (the warehouse desk)."),
            new("replacement", "A replacement unit", "boolean", "checkbox", Default: false),
            new("confirmWithin", "Confirm within", "duration", "duration", Default: "P10D", Description: "No delivery confirmation by then: Unconfirmed."),
        ],
        Outputs = [new("carrier", "string"), new("tracking", "string"), new("shippingFee", "number"), new("deliveredAt", "datetime")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        var what = context.InputBool("replacement") ? "a replacement unit" : "the repaired unit";
        return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Ship {what} for {rma.Number} ({request.Number})",
            $"Ship {what} to {request.ContactName} ({request.ContactPhone}); we pay the shipping. Record the carrier and the tracking number.",
            context.InputString("role"), null, ["Shipped"],
            [
                AfterSales.Field("carrier", "Carrier", "text", required: true), AfterSales.Field("tracking", "Tracking number", "text", required: true),
                AfterSales.Field("shippingFee", "Shipping fee (yuan)", "number", min: 0),
            ], context.Now + TimeSpan.FromDays(1)));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        if (stimulus.BookmarkName == BookmarkNames.HumanTask)
        {
            var carrier = AfterSales.Text(stimulus.Payload, "carrier")?.Trim();
            var tracking = AfterSales.Text(stimulus.Payload, "tracking")?.Trim();
            if (string.IsNullOrEmpty(carrier) || string.IsNullOrEmpty(tracking))
                return ActivityResult.Fault("A shipment needs its carrier and tracking number.");
            (rma.OutboundCarrier, rma.OutboundTracking) = (carrier[..Math.Min(100, carrier.Length)], tracking[..Math.Min(100, tracking.Length)]);
            (rma.Status, rma.ShippedAt) = (RmaStatus.Shipped, context.Now);
            var fee = Money.FromYuan(Math.Max(0, AfterSales.Number(stimulus.Payload?["shippingFee"]) ?? 0m));
            await RequestWork.AddCostsAsync(context.Db, request, [], Money.Zero, fee, context.Cancellation);
            context.SetVariable($"shipment_{context.ActivityId}", new JsonObject
            {
                ["carrier"] = rma.OutboundCarrier,
                ["tracking"] = rma.OutboundTracking,
                ["shippingFee"] = fee.Yuan,
            });
            context.Log($"{rma.Number} shipped with {carrier} {tracking}");
            var until = context.Now + (context.InputDuration("confirmWithin") ?? TimeSpan.FromDays(10));
            return ActivityResult.Suspend([
                new BookmarkRequest(BookmarkNames.EventPrefix + DeliveredEvent, rma.OutboundTracking),
                new BookmarkRequest(BookmarkNames.EventPrefix + DeliveredEvent, rma.Number),
                new BookmarkRequest(BookmarkNames.Timer, context.ActivityInstanceId, null, until),
            ]);
        }
        var output = (context.Evaluate($"vars.shipment_{context.ActivityId}") as JsonObject)?.DeepClone().AsObject() ?? [];
        if (stimulus.BookmarkName == BookmarkNames.Timer)
            return AfterSales.Done("Unconfirmed", output);
        rma.Status = RmaStatus.Closed;
        output["deliveredAt"] = context.Now.ToString("O");
        return AfterSales.Done("Delivered", output);
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
