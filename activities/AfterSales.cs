using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>What the after-sales activities share: their category, the request their instance runs, the tasks they open.</summary>
internal static class AfterSales
{
    public const string Category = "After-sales";

    /// <summary>A field task's bookmark: resumed by <c>POST /api/field-tasks/{id}/report</c>.</summary>
    public const string FieldTaskBookmark = "FieldTask";

    /// <summary>
    /// The request this instance runs (tracked in the burst's context) — for a sub-flow (e.g. one part line of a ForEach),
    /// its parent's request; an exception (a fault, an incident) when none is linked.
    /// </summary>
    public static async Task<ServiceRequest> RequestAsync(ActivityContext context)
    {
        Guid? instanceId = context.Instance.Id;
        for (var depth = 0; depth < 8 && instanceId is { } id; depth++)
        {
            if (await RequestWork.ForInstanceAsync(context.Db, id, context.Cancellation) is { } request)
                return request;
            instanceId = id == context.Instance.Id
                ? context.Instance.ParentInstanceId
                : await context.Db.Set<InstanceRecord>().Where(i => i.Id == id).Select(i => i.ParentInstanceId).FirstOrDefaultAsync(context.Cancellation);
        }
        throw new InvalidOperationException($"No service request runs on instance {context.Instance.Id}; start the flow through POST /api/requests.");
    }

    /// <summary>
    /// The request's latest RMA (tracked), a test run's sandbox one included (the instance's own request is the key); an
    /// exception (an incident) when none was authorised.
    /// </summary>
    public static async Task<Domain.Rmas.Rma> RmaAsync(ActivityContext context, ServiceRequest request) =>
        // one authorised earlier in this burst is not in the database yet
        context.Db.ChangeTracker.Entries<Domain.Rmas.Rma>().Where(e => e.State == EntityState.Added && e.Entity.ServiceRequestId == request.Id)
            .Select(e => e.Entity).OrderByDescending(r => r.Number).FirstOrDefault()
        ?? await context.Db.Set<Domain.Rmas.Rma>().IgnoreQueryFilters().Where(r => r.ServiceRequestId == request.Id).OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Number).FirstOrDefaultAsync(context.Cancellation)
        ?? throw new InvalidOperationException($"Request {request.Number} has no RMA; authorise one (RmaAuthorize) first.");

    /// <summary>Opens a task in the inbox (as HumanTask does) with the execution's id; the bookmark to suspend on is returned.</summary>
    public static BookmarkRequest OpenTask(ActivityContext context, string title, string? description, string? role, string? assignee,
        IReadOnlyList<string> outcomes, JsonArray? formFields = null, DateTimeOffset? dueAt = null, string priority = "normal")
    {
        var id = context.ExecutionGuid;
        context.Store.Add(new HumanTaskRecord
        {
            Id = id,
            InstanceId = context.Instance.Id,
            ActivityId = context.ActivityId,
            Title = title.Length <= 500 ? title : title[..500],
            Description = description,
            Role = role,
            Assignee = assignee,
            Priority = priority,
            DueAt = dueAt,
            Status = HumanTaskStatus.Open,
            Outcomes = new JsonArray(outcomes.Select(o => (JsonNode?)o).ToArray()).ToJsonString(),
            FormFields = (formFields ?? []).ToJsonString(),
            CorrelationId = context.Instance.CorrelationId,
            CreatedAt = context.Now,
            Sandbox = context.Instance.Sandbox,
        });
        return new BookmarkRequest(BookmarkNames.HumanTask, id.ToString());
    }

    /// <summary>Cancels the task this execution opened, if it is still open.</summary>
    public static async ValueTask CancelTaskAsync(ActivityContext context, Guid taskId)
    {
        var task = await context.Store.FindAsync<HumanTaskRecord>(t => t.Id == taskId, context.Cancellation);
        if (task is { Status: HumanTaskStatus.Open })
        {
            task.Status = HumanTaskStatus.Cancelled;
            task.CompletedAt = context.Now;
            task.Version++;
        }
    }

    public static JsonObject Field(string name, string label, string type, bool required = false, int? min = null, int? max = null,
        params string[] choices)
    {
        var field = new JsonObject { ["name"] = name, ["label"] = label, ["type"] = type, ["required"] = required };
        if (min is not null) field["min"] = min;
        if (max is not null) field["max"] = max;
        if (choices.Length > 0) field["choices"] = new JsonArray(choices.Select(c => (JsonNode?)c).ToArray());
        return field;
    }

    /// <summary>
    /// Finishes with an output made of plain JSON (numbers as the parser reads them), so expressions over
    /// <c>outputs.&lt;id&gt;</c> see the same values now and after the instance is reloaded.
    /// </summary>
    public static ActivityResult Done(string outcome, JsonObject output) => ActivityResult.Done(outcome, JsonNode.Parse(output.ToJsonString()));

    /// <summary>A number however the JSON holds it (a literal, an expression result, a form field); null when it is none.</summary>
    public static decimal? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.String
            && decimal.TryParse(v.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d
            : null;

    /// <summary>
    /// Emails the request's customer a stored template (through the outbox: written with the burst, sent after commit,
    /// once per execution); false when the customer has no email address.
    /// </summary>
    public static async Task<bool> EmailCustomerAsync(ActivityContext context, ServiceRequest request, string template, JsonObject model)
    {
        var customer = await context.Db.Set<Domain.Customers.Customer>().AsNoTracking()
            .Where(c => c.Id == request.CustomerId).Select(c => new { c.Name, c.Email }).FirstOrDefaultAsync(context.Cancellation);
        if (string.IsNullOrWhiteSpace(customer?.Email))
        {
            context.Log($"No email sent for {request.Number}: the customer has no email address");
            return false;
        }
        model["customerName"] ??= customer.Name;
        model["requestNumber"] ??= request.Number;
        context.Outbox("email", new JsonObject
        {
            ["to"] = customer.Email,
            ["subject"] = template,
            ["body"] = "",
            ["template"] = template,
            ["model"] = model,
            ["messageId"] = $"<{context.ActivityInstanceId}.{template}@orchestrator>",
        }, $"email:{context.Instance.Id:N}:{context.ActivityInstanceId}:{template}");
        return true;
    }

    /// <summary>An answer the customer sent as an event: <c>{ "accepted": true }</c>, <c>{ "answer": "yes" }</c> and the like.</summary>
    public static bool? Yes(JsonNode? payload, string flag, params string[] yesWords)
    {
        if (payload?[flag] is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            return v.GetValue<bool>();
        var answer = Text(payload, "answer")?.Trim();
        if (answer is null)
            return null;
        return yesWords.Contains(answer, StringComparer.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase);
    }

    public static string? Text(JsonNode? payload, string name) =>
        payload?[name] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
}
