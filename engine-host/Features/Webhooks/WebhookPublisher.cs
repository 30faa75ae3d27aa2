using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>The events subscribers can ask for.</summary>
public static class WebhookEvents
{
    public const string RequestCreated = "request.created";
    public const string TaskCreated = "task.created";
    public const string TaskCompleted = "task.completed";
    public const string SlaWarning = "sla.warning";
    public const string SlaBreached = "sla.breached";
    public const string RequestClosed = "request.closed";

    public static readonly IReadOnlyList<string> All = [RequestCreated, TaskCreated, TaskCompleted, SlaWarning, SlaBreached, RequestClosed];
}

/// <summary>
/// Publishes an event to every active subscription that asked for it: one outbox row (channel <c>webhook</c>)
/// and one delivery row per subscription, added to the caller's DbContext, so they commit with the change that
/// caused the event and are delivered after it, signed, retried, dead-lettered. The domain calls this for
/// request.created, sla.warning, sla.breached and request.closed.
/// </summary>
public static class WebhookPublisher
{
    /// <param name="eventKey">What makes this event unique (e.g. <c>{requestId}</c>): publishing the same key twice is one delivery.</param>
    public static async Task<int> PublishAsync(DbContext db, TimeProvider clock, string type, string eventKey, JsonObject data,
        CancellationToken ct)
    {
        var subscriptions = await db.Set<WebhookSubscriptionRecord>().AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        return Publish(db, clock.GetUtcNow(), subscriptions, type, eventKey, data);
    }

    /// <summary>The same, with subscriptions already loaded (an interceptor cannot wait for a query in a synchronous save).</summary>
    public static int Publish(DbContext db, DateTimeOffset now, IEnumerable<WebhookSubscriptionRecord> subscriptions, string type,
        string eventKey, JsonObject data)
    {
        var count = 0;
        foreach (var subscription in subscriptions.Where(s => s.Active && Subscribes(s, type)))
        {
            var id = Guid.NewGuid();
            var messageId = $"msg_{id:N}";
            var body = new JsonObject
            {
                ["type"] = type,
                ["timestamp"] = now.ToString("O"),
                ["data"] = data.DeepClone(),
            }.ToJsonString();
            db.Add(new OutboxRecord
            {
                Id = id,
                Channel = WebhookChannel.ChannelName,
                IdempotencyKey = $"webhook:{subscription.Id:N}:{type}:{eventKey}",
                Payload = new JsonObject
                {
                    ["subscriptionId"] = subscription.Id.ToString(),
                    ["messageId"] = messageId,
                    ["type"] = type,
                    ["body"] = body,
                }.ToJsonString(),
                NextAttemptAt = now,
                CreatedAt = now,
            });
            db.Add(new WebhookDeliveryRecord { Id = id, SubscriptionId = subscription.Id, EventType = type, MessageId = messageId, CreatedAt = now });
            count++;
        }
        return count;
    }

    public static bool Subscribes(WebhookSubscriptionRecord s, string type) =>
        (JsonSerializer.Deserialize<List<string>>(s.Events) ?? []).Contains(type);
}
