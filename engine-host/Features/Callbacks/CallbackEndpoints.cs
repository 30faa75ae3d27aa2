using Orchestrator.Domain.Callbacks;
using Orchestrator.Domain.Complaints;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Callbacks;

/// <param name="Satisfaction">1 (very dissatisfied) to 5 (very satisfied).</param>
public sealed record CallbackInput(Guid? CustomerId, Guid? ServiceRequestId, string? Method, string? Purpose,
    DateTimeOffset? ScheduledFor, DateTimeOffset? CompletedAt, string? Feedback, int? Satisfaction, string? Status, string? Agent);

internal static class CallbackEndpoints
{
    public static readonly RecordApi<Callback, CallbackInput> Api = new()
    {
        Route = "callbacks",
        Tag = "Callbacks",
        Noun = "callback",
        FindBy = GuidKeys.FindBy<Callback>(),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Id<Callback>("customerId", x => x.CustomerId),
            Lists.Id<Callback>("serviceRequestId", x => x.ServiceRequestId),
            Lists.Enum<Callback, HandlingStatus>("status", x => x.Status),
        ],
        Sorts =
        [
            Lists.Sort<Callback, DateTimeOffset?>("scheduledFor", x => x.ScheduledFor),
            Lists.Sort<Callback, DateTimeOffset>("createdAt", x => x.CreatedAt),
        ],
    };

    public static IEndpointRouteBuilder MapCallbacks(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api).MapAuditLock(Api);
        return app;
    }

    private static async Task<Callback?> ApplyAsync(RecordContext c, CallbackInput i, Callback? callback)
    {
        var e = c.Errors;
        await c.Required<Customer>("customerId", i.CustomerId);
        await c.Reference<ServiceRequest>("serviceRequestId", i.ServiceRequestId);
        var method = e.Enum("method", i.Method, CallbackMethod.Phone);
        var purpose = e.Required("purpose", i.Purpose, 500);
        var status = e.Enum("status", i.Status, HandlingStatus.InProgress);
        int? score = i.Satisfaction is null ? null : e.Range("satisfaction", i.Satisfaction, 1, 5);
        var (feedback, agent) = (e.Optional("feedback", i.Feedback, 4000), e.Optional("agent", i.Agent));
        if (e.Any)
            return null;
        callback ??= new Callback { Purpose = purpose };
        (callback.CustomerId, callback.ServiceRequestId, callback.Method, callback.Purpose) = (i.CustomerId!.Value, i.ServiceRequestId, method, purpose);
        (callback.ScheduledFor, callback.Feedback, callback.Satisfaction) = (i.ScheduledFor?.ToUniversalTime(), feedback, score);
        (callback.Status, callback.Agent) = (status, agent);
        callback.CompletedAt = i.CompletedAt?.ToUniversalTime() ?? (status == HandlingStatus.Done ? callback.CompletedAt ?? c.Now : null);
        return callback;
    }
}
