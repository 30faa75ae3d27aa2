using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Features.Webhooks;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary><c>POST /api/requests/{key}/withdraw</c>: why the customer withdrew (optional, shown as the resolution).</summary>
public sealed record WithdrawRequest(string? Reason);

/// <summary>The answer to a withdrawal: the request, now Cancelled, and the instance whose cancellation was queued.</summary>
public sealed record WithdrawnRequest(Guid RequestId, string Number, string Status, Guid? InstanceId, string StatusUrl);

public abstract record WithdrawalResult
{
    public sealed record Withdrawn(WithdrawnRequest Answer) : WithdrawalResult;

    public sealed record NotFound(string Message) : WithdrawalResult;

    public sealed record Refused(string Message) : WithdrawalResult;

    public sealed record Invalid(string Field, string Message) : WithdrawalResult;
}

/// <summary>
/// A customer withdraws a request (an RMA they no longer want to send, a visit they no longer need): the request is
/// cancelled with the reason, its open RMAs are closed, and its flow instance is cancelled — every task, visit, timer and
/// event wait withdrawn — all in the caller's commit. A request already closed, cancelled or audited is refused (409).
/// </summary>
public static class RequestWithdrawal
{
    public const int MaxReason = 2000;

    /// <summary>Writes the withdrawal into <paramref name="db"/>; the caller commits (the API at once, a webhook with its receipt).</summary>
    public static async Task<WithdrawalResult> WithdrawAsync(DbContext db, WorkflowClient workflows, TimeProvider clock, string key, string? reason,
        CancellationToken ct)
    {
        if (reason is { Length: > MaxReason })
            return new WithdrawalResult.Invalid("reason", $"The reason has at most {MaxReason} characters.");
        var requests = db.Set<ServiceRequest>();
        var request = Guid.TryParse(key, out var id)
            ? await requests.FirstOrDefaultAsync(r => r.Id == id, ct)
            : await requests.FirstOrDefaultAsync(r => r.Number == key.ToUpperInvariant() || r.ExternalId == key, ct);
        if (request is null)
            return new WithdrawalResult.NotFound($"No service request has the id, number or external id '{key}'.");
        if (request.AuditedAt is not null)
            return new WithdrawalResult.Refused($"Service request {request.Number} is audited; un-audit it before withdrawing it.");
        if (request.Status is ServiceRequestStatus.Closed or ServiceRequestStatus.Cancelled or ServiceRequestStatus.Resolved)
            return new WithdrawalResult.Refused($"Service request {request.Number} is already {request.Status}.");

        var now = clock.GetUtcNow();
        var why = string.IsNullOrWhiteSpace(reason) ? "Withdrawn by the customer." : $"Withdrawn by the customer: {reason.Trim()}";
        RequestWork.Close(request, ServiceRequestStatus.Cancelled, why, now);
        foreach (var rma in await db.Set<Rma>().Where(r => r.ServiceRequestId == request.Id && r.Status < RmaStatus.Shipped).ToListAsync(ct))
        {
            rma.Status = RmaStatus.Closed;
            rma.Diagnosis ??= why;
        }
        if (request.InstanceId is { } instanceId &&
            await db.Set<InstanceRecord>().AnyAsync(i => i.Id == instanceId && i.Status != InstanceStatus.Completed && i.Status != InstanceStatus.Cancelled, ct))
            workflows.Cancel(instanceId, $"service request {request.Number} withdrawn");
        return new WithdrawalResult.Withdrawn(new WithdrawnRequest(request.Id, request.Number, request.Status.ToString(), request.InstanceId,
            $"/api/requests/{request.Id}"));
    }

    internal static async Task<IResult> WithdrawEndpointAsync(string key, WithdrawRequest? body, DbContext db, WorkflowClient workflows,
        TimeProvider clock, CancellationToken ct)
    {
        // the request's flow may be moving it (a step, a task completed) at this very moment: its commit wins the row's
        // concurrency check, and the withdrawal is judged again on the request as that commit left it
        for (var attempt = 1; ; attempt++)
        {
            var result = await WithdrawAsync(db, workflows, clock, key, body?.Reason, ct);
            if (result is not WithdrawalResult.Withdrawn w)
            {
                return result switch
                {
                    WithdrawalResult.NotFound n => Problems.NotFound(n.Message),
                    WithdrawalResult.Refused r => Problems.Conflict(r.Message),
                    WithdrawalResult.Invalid i => Problems.Invalid(i.Field, i.Message),
                    _ => throw new InvalidOperationException(),
                };
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Accepted(w.Answer.StatusUrl, w.Answer);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

/// <summary>
/// The <c>WithdrawRequest</c> webhook action: <c>{ requestId | number | externalId, reason? }</c> withdraws the request in the
/// receiver's transaction, as <c>POST /api/requests/{key}/withdraw</c> does.
/// </summary>
internal sealed class WithdrawRequestWebhookAction : IWebhookAction
{
    public string Kind => "WithdrawRequest";

    public async Task<WebhookActionResult> ExecuteAsync(WebhookRequest request, CancellationToken ct)
    {
        var key = new[] { "requestId", "number", "externalId" }.Select(f => request.Body[f])
            .OfType<JsonValue>().Select(v => v.ToString()).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (key is null || key.Length > 200)
            return Mapping.Invalid("requestId", "Name the request: requestId, number or externalId (at most 200 characters).");
        var reason = request.Body["reason"] is JsonValue r ? r.ToString() : null;
        var result = await RequestWithdrawal.WithdrawAsync(request.Db, request.Services.GetRequiredService<WorkflowClient>(),
            request.Services.GetRequiredService<TimeProvider>(), key, reason, ct);
        return result switch
        {
            WithdrawalResult.Withdrawn w => new WebhookActionResult.Accepted(new JsonObject
            {
                ["requestId"] = w.Answer.RequestId.ToString(),
                ["number"] = w.Answer.Number,
                ["status"] = w.Answer.Status,
                ["instanceId"] = w.Answer.InstanceId?.ToString(),
            }, w.Answer.StatusUrl),
            WithdrawalResult.NotFound n => new WebhookActionResult.Rejected(404, "Not found", n.Message),
            WithdrawalResult.Refused f => new WebhookActionResult.Rejected(409, "Conflict", f.Message),
            WithdrawalResult.Invalid i => Mapping.Invalid(i.Field, i.Message),
            _ => throw new InvalidOperationException(),
        };
    }
}
