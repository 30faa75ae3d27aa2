using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// Creates a field task (派工单) for the request's technician with the appointment window agreed with the customer and
/// the request's SLA on-site due time as its due time, and waits until the technician reports the visit (<c>POST /api/field-tasks/{id}/report</c>): Completed, NeedsParts,
/// CustomerAbsent or Failed. The report's parts (at list price), labour and travel are added to the request's costs and
/// the parts used are consumed from the technician's van; an installation's completed visit is the acceptance that
/// starts the warranty.
/// </summary>
public sealed class DispatchFieldTask : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "DispatchFieldTask",
        Category = AfterSales.Category,
        DisplayName = "Dispatch field task",
        Description = "Sends the technician on a visit in an appointment window and waits for the visit report.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Completed", "NeedsParts", "CustomerAbsent", "Failed"],
        RequiredOutcomes = ["Completed"],
        Inputs =
        [
            new("technician", "Technician", "string", "singleline", Description: "A technician code; default: the request's assignee."),
            new("appointmentStart", "Appointment start", "datetime", "datetime", Description: "When the window opens (ISO 8601); default: now + 'startsIn'."),
            new("startsIn", "Starts in", "duration", "duration", Default: "PT2H"),
            new("appointmentWindow", "Window", "duration", "duration", Default: "PT4H", Description: "How long the window is."),
            new("acceptance", "Acceptance visit", "boolean", "checkbox", Default: false,
                Description: "An installation: the completed visit records the acceptance date, where the warranty starts."),
        ],
        Outputs =
        [
            new("fieldTaskId", "string"), new("workDone", "string"), new("hours", "number"),
            new("partsUsed", "list", "{ partNumber, quantity }"), new("partsNeeded", "list", "{ partNumber, quantity } (NeedsParts)"),
            new("costs", "object", "{ parts, labour, travel } this visit added to the request, in yuan."),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        Guid technicianId;
        if (context.InputString("technician") is { Length: > 0 } code)
        {
            technicianId = await context.Db.Set<TechnicianRecord>().Where(t => t.Code == code).Select(t => t.Id).FirstOrDefaultAsync(context.Cancellation);
            if (technicianId == Guid.Empty)
                return ActivityResult.Fault($"No technician has the code '{code}'.");
        }
        else if (request.AssigneeId is { } assignee)
            technicianId = assignee;
        else
            return ActivityResult.Fault($"Request {request.Number} has no technician assigned; assign one (AssignTeam) before dispatching.");

        var start = Time(context.InputString("appointmentStart")) ?? context.Now + (context.InputDuration("startsIn") ?? TimeSpan.FromHours(2));
        var window = context.InputDuration("appointmentWindow") ?? TimeSpan.FromHours(4);
        if (context.Instance.Sandbox)
        {
            // a test run sends nobody out: the analyst reports the visit from the designer's test-run panel
            request.AssigneeId = technicianId;
            RequestWork.SetStatus(request, ServiceRequestStatus.Dispatched, context.Now);
            context.Log($"No field task for {request.Number}: test run; report the visit from the test-run panel");
            return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Test run: report the visit for {request.Number}",
                "No technician was sent. Choose the visit's outcome.", null, null, Descriptor.Outcomes));
        }
        var task = new FieldTask
        {
            Id = context.ExecutionGuid,
            ServiceRequestId = request.Id,
            TechnicianId = technicianId,
            Status = FieldTaskStatus.Scheduled,
            AppointmentStart = start.ToUniversalTime(),
            AppointmentEnd = (start + window).ToUniversalTime(),
            DueAt = request.OnSiteDue,
        };
        context.Db.Add(task);
        request.AssigneeId = technicianId;
        RequestWork.SetStatus(request, ServiceRequestStatus.Dispatched, context.Now);
        context.Log($"Field task {task.Id} for {request.Number}: {start:u} – {start + window:u}");
        return ActivityResult.Suspend(new BookmarkRequest(AfterSales.FieldTaskBookmark, task.Id.ToString()));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var report = stimulus.Payload as JsonObject ?? [];
        var used = Parts(report["partsUsed"]);
        var labour = Money.FromYuan(Number(report["labourFee"]));
        var travel = Money.FromYuan(Number(report["travelFee"]));
        var (parts, _, _) = await RequestWork.AddCostsAsync(context.Db, request, used, labour, travel, context.Cancellation);
        var outcome = stimulus.Outcome ?? "Completed";
        if (outcome == "Completed")
        {
            request.WorkStartedAt ??= context.Now;
            if (context.InputBool("acceptance") && context.Instance.Sandbox)
                context.Log($"No acceptance recorded on the product of {request.Number}: test run (its warranty does not start)");
            else if (context.InputBool("acceptance"))
                await RequestWork.AcceptInstallationAsync(context.Db, request, DateOnly.FromDateTime(context.Now.UtcDateTime), context.Cancellation);
        }
        if (used.Count > 0 && report["stockTaken"]?.GetValueKind() != System.Text.Json.JsonValueKind.True && !context.Instance.Sandbox)
            await ConsumeAsync(context, request, used); // the report took them from the van already when it could
        var output = report.DeepClone().AsObject();
        output["fieldTaskId"] = stimulus.CorrelationKey;
        output["costs"] = new JsonObject { ["parts"] = parts.Yuan, ["labour"] = labour.Yuan, ["travel"] = travel.Yuan };
        return AfterSales.Done(outcome, output);
    }

    public override async ValueTask WithdrawAsync(ActivityContext context)
    {
        var id = context.ExecutionGuid;
        if (context.Instance.Sandbox)
        {
            await AfterSales.CancelTaskAsync(context, id);
            return;
        }
        var task = await context.Db.Set<FieldTask>().FirstOrDefaultAsync(t => t.Id == id, context.Cancellation);
        if (task is { Status: FieldTaskStatus.Scheduled or FieldTaskStatus.EnRoute or FieldTaskStatus.OnSite })
            task.Status = FieldTaskStatus.Cancelled;
    }

    /// <summary>The parts fitted come out of the technician's van; parts the van did not hold are noted, not refused (the visit happened).</summary>
    private static async Task ConsumeAsync(ActivityContext context, ServiceRequest request, IReadOnlyList<PartUsed> used)
    {
        var code = await context.Db.Set<TechnicianRecord>().Where(t => t.Id == request.AssigneeId).Select(t => t.Code).FirstOrDefaultAsync(context.Cancellation);
        if (code is null)
            return;
        var ledger = new StoredStockLedger(context.Db, context.Clock, context.Services.GetRequiredService<IAuditActor>());
        var movements = used.Select(p => (StockMovement)new Consume(p.PartNumber, StockLocation.Van(code), p.Quantity, request.Number)).ToList();
        var result = await ledger.StageAsync(movements, context.Cancellation);
        if (result.Refusal is { } refusal)
            context.Log($"Parts used on {request.Number} not taken from the van of {code}: {refusal.Message}");
    }

    internal static List<PartUsed> Parts(JsonNode? node) =>
        (node as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => new PartUsed(AfterSales.Text(p, "partNumber") ?? "", (int)Number(p["quantity"])))
            .Where(p => p.PartNumber.Length > 0 && p.Quantity > 0).ToList();

    private static decimal Number(JsonNode? node) => AfterSales.Number(node) ?? 0m;

    private static DateTimeOffset? Time(string? text) =>
        !string.IsNullOrWhiteSpace(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
