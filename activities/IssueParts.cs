using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// Issues the parts a visit needs from a warehouse that has them to the technician's van (领取/出库), in the burst's
/// transaction. When a part is short: Backordered at once if the flow says not to wait; otherwise the request waits for
/// parts (its SLA clock stops in the shipped policy) until stock of a missing part is received (the
/// <c>parts.received</c> event, raised by a Receive movement) or the periodic recheck, and then Issued.
/// </summary>
public sealed class IssueParts : Activity
{
    /// <summary>The event a Receive movement raises, keyed by part number.</summary>
    public const string PartsReceived = "parts.received";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "IssueParts",
        Category = AfterSales.Category,
        DisplayName = "Issue parts",
        Description = "Issues the needed parts from a warehouse to the technician's van; waits for stock when short (or takes Backordered).",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Issued", "Backordered"],
        RequiredOutcomes = ["Issued"],
        Inputs =
        [
            new("parts", "Parts", "list", "json", Required: true, Description: "[{ partNumber, quantity }], e.g. outputs.visit.partsNeeded."),
            new("waitForStock", "Wait for stock", "boolean", "checkbox", Default: true, ExpressionAllowed: false,
                Description: "Wait until short parts arrive (then Issued); off: take Backordered at once."),
            new("recheckEvery", "Recheck every", "duration", "duration", Default: "PT1H"),
        ],
        Outputs = [new("issued", "list", "{ partNumber, quantity, warehouse }"), new("missing", "list", "{ partNumber, quantity }")],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => TryIssueAsync(context);

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus) => TryIssueAsync(context);

    private static async ValueTask<ActivityResult> TryIssueAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var needed = DispatchFieldTask.Parts(context.Input("parts"));
        if (needed.Count == 0)
            return AfterSales.Done("Issued", new JsonObject { ["issued"] = new JsonArray(), ["missing"] = new JsonArray() });
        var van = await context.Db.Set<TechnicianRecord>().Where(t => t.Id == request.AssigneeId).Select(t => t.Code).FirstOrDefaultAsync(context.Cancellation);
        if (van is null)
            return ActivityResult.Fault($"Request {request.Number} has no technician to issue parts to.");

        var issued = new List<(PartUsed Part, string Warehouse)>();
        var missing = new List<PartUsed>();
        foreach (var part in needed)
        {
            var warehouse = await context.Db.Set<StockPositionRecord>().AsNoTracking()
                .Where(p => p.PartNumber == part.PartNumber && p.LocationKind == StockLocationKind.Warehouse && p.OnHand - p.Reserved >= part.Quantity)
                .OrderBy(p => p.LocationId).Select(p => p.LocationId).FirstOrDefaultAsync(context.Cancellation);
            if (warehouse is null)
                missing.Add(part);
            else
                issued.Add((part, warehouse));
        }
        if (missing.Count == 0)
        {
            if (context.Instance.Sandbox)
                context.Log($"Stock not moved for {request.Number}: test run (the parts are in stock and would be issued)");
            var ledger = new StoredStockLedger(context.Db, context.Clock, context.Services.GetRequiredService<IAuditActor>());
            var result = context.Instance.Sandbox ? null : await ledger.StageAsync(issued.Select(i => (StockMovement)new IssueToTechnician(i.Part.PartNumber,
                StockLocation.Warehouse(i.Warehouse), StockLocation.Van(van), i.Part.Quantity, request.Number)).ToList(), context.Cancellation);
            if (result?.Refusal is { } refusal)
                return ActivityResult.Fault($"Issuing the parts for {request.Number} was refused: {refusal.Message}");
            if (request.Status == ServiceRequestStatus.WaitingForParts)
                RequestWork.SetStatus(request, ServiceRequestStatus.Dispatched, context.Now);
            return AfterSales.Done("Issued", new JsonObject
            {
                ["issued"] = new JsonArray(issued.Select(i => (JsonNode?)new JsonObject
                {
                    ["partNumber"] = i.Part.PartNumber,
                    ["quantity"] = i.Part.Quantity,
                    ["warehouse"] = i.Warehouse,
                }).ToArray()),
                ["missing"] = new JsonArray(),
            });
        }

        var missingJson = new JsonArray(missing.Select(m => (JsonNode?)new JsonObject { ["partNumber"] = m.PartNumber, ["quantity"] = m.Quantity }).ToArray());
        if (!context.InputBool("waitForStock", true))
            return AfterSales.Done("Backordered", new JsonObject { ["issued"] = new JsonArray(), ["missing"] = missingJson });
        RequestWork.SetStatus(request, ServiceRequestStatus.WaitingForParts, context.Now);
        context.Log($"Backordered for {request.Number}: {string.Join(", ", missing.Select(m => $"{m.Quantity} × {m.PartNumber}"))}");
        var recheck = context.InputDuration("recheckEvery") ?? TimeSpan.FromHours(1);
        return ActivityResult.Suspend([
            .. missing.Select(m => m.PartNumber).Distinct().Select(p => new BookmarkRequest(BookmarkNames.EventPrefix + PartsReceived, p)),
            new BookmarkRequest(BookmarkNames.Timer, context.ActivityInstanceId, null, context.Now + recheck),
        ]);
    }
}
