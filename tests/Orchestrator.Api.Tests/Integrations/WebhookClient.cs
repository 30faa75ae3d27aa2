using System.Text;
using System.Text.Json;
using StandardWebhooks;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>An integrator: signs with the StandardWebhooks library (an independent implementation of the spec) and posts.</summary>
public sealed class WebhookClient(IntegrationHost host)
{
    public Task<HttpResponseMessage> SendAsync(string endpoint, object body, string? secret = IntegrationHost.EndpointSecret,
        string? id = null, DateTimeOffset? at = null) =>
        SendRawAsync(endpoint, body as string ?? JsonSerializer.Serialize(body), secret, id, at);

    public async Task<HttpResponseMessage> SendRawAsync(string endpoint, string body, string? secret, string? id = null, DateTimeOffset? at = null)
    {
        id ??= $"msg_{Guid.NewGuid():N}";
        var timestamp = at ?? host.Factory.Clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{endpoint}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString());
            request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, timestamp, body));
        }
        return await host.Client.SendAsync(request);
    }
}
