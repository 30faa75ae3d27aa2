using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Outbox;

/// <summary>
/// The <c>http</c> channel: the HttpRequest activity's call. 2xx, or a 4xx that retrying cannot change, resumes
/// the waiting flow at once with <c>{status, body}</c>; network errors, 408, 429 and 5xx are retried with backoff,
/// and when the retries run out the flow resumes with the last failure. The call carries an
/// <c>Idempotency-Key</c> header that stays the same on every attempt.
/// </summary>
public sealed class HttpChannel(IHttpClientFactory clients, OutboundGuard guard, IServiceScopeFactory scopes,
    ILogger<HttpChannel> log) : IOutboxChannel
{
    private const int MaxResponseBytes = 1024 * 1024;
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Language", "Content-Encoding", "Content-Disposition",
    };
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Idempotency-Key",
    };

    public string Name => "http";

    public async Task<OutboxAttemptResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var p = message.Payload;
        var url = p["url"]?.GetValue<string>();
        if (guard.Check(url) is { } refused)
        {
            p["lastResponse"] = Failure(0, refused);
            return OutboxAttemptResult.Permanent(refused);
        }
        using var request = new HttpRequestMessage(new HttpMethod(p["method"]?.GetValue<string>() ?? "POST"), url);
        request.Content = Body(p["body"]);
        if (p["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (value is null || Forbidden.Contains(name)) continue;
                var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value.ToJsonString();
                if (ContentHeaders.Contains(name) && request.Content is not null)
                {
                    request.Content.Headers.Remove(name);
                    request.Content.Headers.TryAddWithoutValidation(name, text);
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, text);
                }
            }
        }
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);

        JsonObject answer;
        try
        {
            using var response = await clients.CreateClient(OutboundGuard.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            answer = new JsonObject
            {
                ["status"] = (int)response.StatusCode,
                ["body"] = await ReadBodyAsync(response, ct),
                ["headers"] = new JsonObject(response.Headers.Concat(response.Content.Headers)
                    .Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), (JsonNode?)string.Join(", ", h.Value)))
                    .DistinctBy(h => h.Key)),
            };
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refusedAtConnect)
        {
            p["lastResponse"] = Failure(0, refusedAtConnect.Message);
            return OutboxAttemptResult.Permanent(refusedAtConnect.Message);
        }
        catch (HttpRequestException e)
        {
            p["lastResponse"] = Failure(0, e.Message);
            return OutboxAttemptResult.Transient(e.Message);
        }

        var status = answer["status"]!.GetValue<int>();
        if (status is >= 200 and < 300 || !IsTransient(status))
        {
            await ResumeAsync(message, answer, ct);
            return OutboxAttemptResult.Ok($"HTTP {status}; the flow was resumed");
        }
        answer["error"] = $"HTTP {status}";
        p["lastResponse"] = answer;
        return OutboxAttemptResult.Transient($"HTTP {status}");
    }

    /// <summary>Retries ran out (or the URL is refused): the flow continues on its Failed path with the last answer.</summary>
    public async Task GiveUpAsync(OutboxMessage message, string error, CancellationToken ct)
    {
        var answer = message.Payload["lastResponse"]?.DeepClone() as JsonObject ?? Failure(0, error);
        answer["error"] = error;
        await ResumeAsync(message, answer, ct);
    }

    private async Task ResumeAsync(OutboxMessage message, JsonObject answer, CancellationToken ct)
    {
        if (message.Payload["replyTo"] is not JsonObject replyTo
            || !Guid.TryParse(replyTo["instanceId"]?.GetValue<string>(), out var instanceId))
            return; // a call nobody waits for
        await using var scope = scopes.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<WorkflowClient>();
        client.Resume(instanceId, replyTo["name"]!.GetValue<string>(), replyTo["key"]!.GetValue<string>(), answer);
        await scope.ServiceProvider.GetRequiredService<DbContext>().SaveChangesAsync(ct);
        log.LogInformation("HTTP call {OutboxId} answered {Status}; instance {InstanceId} resumed",
            message.Id, answer["status"]?.ToJsonString(), instanceId);
    }

    private static bool IsTransient(int status) => status is 408 or 425 or 429 or >= 500;

    private static JsonObject Failure(int status, string error) => new() { ["status"] = status, ["error"] = error };

    private static HttpContent? Body(JsonNode? body) => body switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new StringContent(v.GetValue<string>(), Encoding.UTF8,
            new MediaTypeHeaderValue("text/plain")),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };

    /// <summary>The answer's body as JSON when it is JSON, else as text; at most 1 MB is read.</summary>
    private static async Task<JsonNode?> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        if (read == 0)
            return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }
        }
        return text;
    }
}
