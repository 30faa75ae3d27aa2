using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// Escalates the request (a severe complaint, a breached SLA): its priority rises to at least the given one (the SLA is
/// evaluated again for it) and a supervisor takes it over with a task; Handled carries what they decided.
/// </summary>
public sealed class Escalate : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Escalate",
        Category = AfterSales.Category,
        DisplayName = "Escalate",
        Description = "Raises the request's priority and hands it to a supervisor's task; Handled when they have dealt with it.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Handled"],
        Inputs =
        [
            new("reason", "Reason", "string", "multiline", Description: "A template: why it is escalated."),
            new("priority", "Raise to", "choice", "dropdown", Default: "Urgent", ExpressionAllowed: false, Choices: Enum.GetNames<RequestPriority>()),
            new("role", "Role", "string", "role", Default: "supervisor"),
            new("dueIn", "Due in", "duration", "duration", Default: "PT4H"),
        ],
        Outputs = [new("priority", "string", "The priority after escalation."), new("handledBy", "string"), new("resolution", "string")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var text = context.InputString("priority") ?? nameof(RequestPriority.Urgent);
        if (!Enum.TryParse<RequestPriority>(text, true, out var floor) || !Enum.IsDefined(floor))
            return ActivityResult.Fault($"'{text}' is no priority; one of: {string.Join(", ", Enum.GetNames<RequestPriority>())}.");
        var before = request.Priority;
        RequestWork.Escalate(request, floor);
        var reason = context.InputString("reason");
        context.Log($"{request.Number} escalated: priority {before} → {request.Priority}");
        var due = context.InputDuration("dueIn") is { } dueIn ? context.Now + dueIn : (DateTimeOffset?)null;
        return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Escalated: {request.Number}",
            $"{reason} ({request.Type}, {request.Status}, priority {before} → {request.Priority}). {request.Symptom}",
            context.InputString("role"), null, ["Handled"],
            [AfterSales.Field("resolution", "What was decided", "text", required: true)], due, "urgent"));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var task = await context.Store.FindAsync<Workflows.Persistence.HumanTaskRecord>(t => t.Id == context.ExecutionGuid, context.Cancellation);
        return AfterSales.Done("Handled", new JsonObject
        {
            ["priority"] = request.Priority.ToString(),
            ["handledBy"] = task?.CompletedBy,
            ["resolution"] = AfterSales.Text(stimulus.Payload, "resolution"),
        });
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
