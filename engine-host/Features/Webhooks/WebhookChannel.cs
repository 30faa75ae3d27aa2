using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.Workflows.Runtime;
using StandardWebhooks;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>
/// The <c>webhook</c> channel: POSTs the event to the subscription's URL, signed the Standard Webhooks way with
/// the subscription's secret. <c>webhook-id</c> stays the same on every attempt and redelivery (receivers dedupe
/// on it); <c>webhook-timestamp</c> is the attempt's time, so a retry hours later still passes the receiver's
/// tolerance. Any answer but 2xx is retried with backoff for up to 24 hours, then dead-lettered.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory clients, OutboundGuard guard, SecretProtection protection, IServiceScopeFactory scopes,
    TimeProvider clock) : IOutboxChannel
{
    public const string ChannelName = "webhook";

    public string Name => ChannelName;

    public async Task<OutboxAttemptResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var p = message.Payload;
        if (!Guid.TryParse(p["subscriptionId"]?.GetValue<string>(), out var subscriptionId))
            return OutboxAttemptResult.Permanent("The message names no subscription.");
        WebhookSubscriptionRecord? subscription;
        await using (var scope = scopes.CreateAsyncScope())
            subscription = await scope.ServiceProvider.GetRequiredService<DbContext>().Set<WebhookSubscriptionRecord>().AsNoTracking()
                .FirstOrDefaultAsync(s => s.Id == subscriptionId, ct);
        if (subscription is null)
            return OutboxAttemptResult.Permanent("The subscription was deleted.");
        if (!subscription.Active)
            return OutboxAttemptResult.Permanent("The subscription is paused (inactive).");
        if (guard.Check(subscription.Url) is { } refused)
            return OutboxAttemptResult.Permanent(refused);

        var body = p["body"]!.GetValue<string>();
        var messageId = p["messageId"]!.GetValue<string>();
        var timestamp = clock.GetUtcNow();
        var signature = new StandardWebhook(protection.Unprotect(subscription.ProtectedSecret)).Sign(messageId, timestamp, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(global::System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        try
        {
            using var response = await clients.CreateClient(OutboundGuard.ClientName).SendAsync(request, ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? OutboxAttemptResult.Ok($"HTTP {status}")
                : OutboxAttemptResult.Transient($"HTTP {status}");
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException r)
        {
            return OutboxAttemptResult.Permanent(r.Message);
        }
        catch (HttpRequestException e)
        {
            return OutboxAttemptResult.Transient(e.Message);
        }
    }
}
