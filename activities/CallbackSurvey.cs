using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Callbacks;
using Orchestrator.Domain.Complaints;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// The revisit (回访): N days after the job (default 3) an agent calls the customer and records the satisfaction score
/// (1–5) and comments on a callback record. A score at or below the threshold (default 2) opens a complaint request
/// linked to this one and starts its flow; Unreachable records that nobody answered. In a test run the callback and the
/// complaint are sandbox records (the complaint numbered <c>TEST-…</c>, under no SLA, its flow a sandbox instance).
/// </summary>
public sealed class CallbackSurvey : Activity
{
    public const string ComplaintFlow = "complaint";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "CallbackSurvey",
        Category = AfterSales.Category,
        DisplayName = "Callback survey",
        Description = "N days after the job an agent calls the customer for a satisfaction score; a low score opens a linked complaint.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Satisfied", "Dissatisfied", "Unreachable"],
        Inputs =
        [
            new("after", "After", "duration", "duration", Default: "P3D", Description: "How long after the job the call is due."),
            new("method", "Method", "choice", "dropdown", Default: "Phone", ExpressionAllowed: false, Choices: Enum.GetNames<CallbackMethod>()),
            new("role", "Role", "string", "role", Default: "agent"),
            new("complaintThreshold", "Complaint at or below", "number", "number", Default: 2),
        ],
        Outputs =
        [
            new("callbackId", "string"), new("satisfaction", "number"), new("comments", "string"),
            new("complaintRequestId", "string", "The complaint opened from a low score."), new("complaintNumber", "string"),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var after = context.InputDuration("after") ?? TimeSpan.FromDays(3);
        return ValueTask.FromResult(ActivityResult.Suspend(
            new BookmarkRequest(BookmarkNames.Timer, context.ActivityInstanceId, null, context.Now + after)));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus) =>
        stimulus.BookmarkName == BookmarkNames.Timer ? await CallAsync(context) : await RecordAsync(context, stimulus);

    /// <summary>The call is due: a callback record and the agent's task.</summary>
    private static async Task<ActivityResult> CallAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var method = Enum.TryParse<CallbackMethod>(context.InputString("method"), true, out var m) ? m : CallbackMethod.Phone;
        context.Db.Add(new Callback
        {
            Id = context.ExecutionGuid,
            CustomerId = request.CustomerId,
            ServiceRequestId = request.Id,
            Method = method,
            Purpose = $"Satisfaction callback after {request.Number}",
            ScheduledFor = context.Now,
            Status = HandlingStatus.InProgress,
            Sandbox = request.Sandbox,
        });
        return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Call back the customer of {request.Number}",
            $"Ask how satisfied they are with {request.Number} ({request.Type}): {request.Resolution}", context.InputString("role"), null,
            ["Done", "Unreachable"],
            [AfterSales.Field("satisfaction", "Satisfaction (1–5)", "number", min: 1, max: 5), AfterSales.Field("comments", "Comments", "text")],
            context.Now + TimeSpan.FromDays(1)));
    }

    private static async Task<ActivityResult> RecordAsync(ActivityContext context, Stimulus stimulus)
    {
        var id = context.ExecutionGuid;
        var callback = await context.Db.Set<Callback>().IgnoreQueryFilters().FirstAsync(c => c.Id == id, context.Cancellation); // its own, sandbox or not
        var task = await context.Store.FindAsync<Workflows.Persistence.HumanTaskRecord>(t => t.Id == id, context.Cancellation);
        var comments = AfterSales.Text(stimulus.Payload, "comments");
        (callback.Status, callback.CompletedAt, callback.Agent) = (HandlingStatus.Done, context.Now, task?.CompletedBy);
        var output = new JsonObject { ["callbackId"] = id.ToString(), ["comments"] = comments };
        if (stimulus.Outcome == "Unreachable")
        {
            callback.Feedback = comments ?? "The customer could not be reached.";
            return AfterSales.Done("Unreachable", output);
        }
        var score = AfterSales.Number(stimulus.Payload?["satisfaction"]) is { } n ? (int)n : (int?)null;
        if (score is null or < 1 or > 5)
            return ActivityResult.Fault("The callback needs a satisfaction score from 1 to 5.");
        (callback.Satisfaction, callback.Feedback) = (score, comments);
        output["satisfaction"] = score;
        if (score > (AfterSales.Number(context.Input("complaintThreshold")) ?? 2))
            return AfterSales.Done("Satisfied", output);
        var complaint = await OpenComplaintAsync(context, await AfterSales.RequestAsync(context), score.Value, comments);
        output["complaintRequestId"] = complaint.Id.ToString();
        output["complaintNumber"] = complaint.Number;
        return AfterSales.Done("Dissatisfied", output);
    }

    /// <summary>
    /// A complaint request linked to this one, in this burst's transaction, with the complaint flow started on it; a test
    /// run's is a sandbox request (<c>TEST-…</c>, no SLA) whose flow runs as a sandbox instance.
    /// </summary>
    private static async Task<ServiceRequest> OpenComplaintAsync(ActivityContext context, ServiceRequest origin, int score, string? comments)
    {
        var db = context.Db;
        var complaint = new ServiceRequest
        {
            Number = origin.Sandbox
                ? SandboxNumbers.Next()
                : await NumberSequences.NextYearlyInTransactionAsync(db, "SR", context.Now.UtcDateTime.Year, context.Cancellation),
            Type = ServiceRequestType.Complaint,
            Channel = RequestChannel.Phone,
            CustomerId = origin.CustomerId,
            InstalledProductId = origin.InstalledProductId,
            Symptom = $"Callback after {origin.Number} scored {score} of 5: {comments ?? "no comment"}",
            Priority = RequestPriority.High,
            Status = ServiceRequestStatus.Pending,
            Region = origin.Region,
            ProductLine = origin.ProductLine,
            ContactName = origin.ContactName,
            ContactPhone = origin.ContactPhone,
            OpenedAt = context.Now,
            RelatedRequestId = origin.Id,
            Sandbox = origin.Sandbox,
        };
        if (!complaint.Sandbox)
        {
            var customer = await db.Set<Customer>().AsNoTracking().FirstAsync(c => c.Id == origin.CustomerId, context.Cancellation);
            var product = origin.InstalledProductId is { } pid
                ? await db.Set<InstalledProduct>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, context.Cancellation)
                : null;
            await RequestWork.EvaluateSlaAsync(db, context.Services.GetRequiredService<SlaPolicyStore>(), complaint, customer, product, context.Cancellation);
        }
        db.Add(complaint);
        var started = await context.Services.GetRequiredService<WorkflowClient>().StartAsync(ComplaintFlow,
            new JsonObject { ["requestId"] = complaint.Id.ToString(), ["number"] = complaint.Number, ["type"] = "complaint" },
            complaint.Number, context.Cancellation, sandbox: complaint.Sandbox);
        complaint.InstanceId = started?.InstanceId;
        context.Log(started is null
            ? $"Complaint {complaint.Number} opened; no published '{ComplaintFlow}' flow to run it"
            : $"Complaint {complaint.Number} opened, instance {started.InstanceId}");
        return complaint;
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
