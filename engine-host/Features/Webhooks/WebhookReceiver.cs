using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>
/// <c>POST /hooks/{endpoint}</c>: rate limit, size limit, Standard Webhooks signature, then the endpoint's action.
/// The action's changes and the receipt commit in one transaction and then the answer is 202; a repeated
/// webhook-id (or externalId) gets the first answer again and creates nothing. Every rejection is a 4xx
/// problem-details body and a log line (never the body or a secret).
/// </summary>
internal static class WebhookReceiver
{
    public static async Task<IResult> ReceiveAsync(string endpoint, HttpContext http, DbContext db, WebhookEndpointCatalog catalog,
        IEnumerable<IWebhookAction> actions, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger("Orchestrator.Webhooks");
        IResult Reject(int status, string title, string detail, Dictionary<string, object?>? extensions = null)
        {
            log.LogWarning("Webhook to {Endpoint} rejected with {Status}: {Reason}", endpoint, status, detail);
            return TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemTypes.For(status), extensions: extensions);
        }

        var target = await catalog.FindAsync(db, endpoint, ct);
        if (target is null)
            return Reject(404, "Unknown endpoint", $"No webhook endpoint is named '{endpoint}'.");
        using (var lease = catalog.Acquire(target))
        {
            if (!lease.IsAcquired)
            {
                http.Response.Headers.RetryAfter = "60";
                return Reject(429, "Too many requests", $"The endpoint '{endpoint}' takes {target.PermitsPerMinute} requests a minute; try again later.");
            }
        }
        if (target.Secrets.Count == 0)
            return Reject(403, "Endpoint has no secret", $"The endpoint '{endpoint}' has no signing secret configured, so it refuses every request.");
        if (http.Request.ContentLength > WebhookOptions.MaxBodyBytes)
            return Reject(413, "Payload too large", $"The body may be at most {WebhookOptions.MaxBodyBytes / 1024} KB.");
        var body = await ReadAsync(http.Request.Body, ct);
        if (body is null)
            return Reject(413, "Payload too large", $"The body may be at most {WebhookOptions.MaxBodyBytes / 1024} KB.");

        var id = http.Request.Headers["webhook-id"].ToString();
        var timestamp = http.Request.Headers["webhook-timestamp"].ToString();
        var signature = http.Request.Headers["webhook-signature"].ToString();
        var missing = new[] { ("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature) }
            .Where(h => string.IsNullOrWhiteSpace(h.Item2)).Select(h => h.Item1).ToList();
        if (missing.Count > 0)
            return Reject(400, "Unsigned request", $"Standard Webhooks headers are missing: {string.Join(", ", missing)}.");
        if (id.Length > 200)
            return Reject(400, "Bad webhook-id", "webhook-id may be at most 200 characters.");
        if (WebhookSignature.Verify(target.Secrets, id, timestamp, signature, body, clock.GetUtcNow()) is { } invalid)
            return Reject(401, "Invalid signature", invalid);

        if (await ReceiptAsync(db, endpoint, r => r.WebhookId == id, ct) is { } first)
            return Replay(http, first, log, endpoint, id);

        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            return Reject(400, "Malformed JSON", $"The body is not a JSON object: {e.Message}");
        }
        var externalId = payload["externalId"] is JsonValue ev ? ev.ToString() : null;
        if (externalId is { Length: > 200 })
            return Reject(400, "Bad externalId", "externalId may be at most 200 characters.");
        if (externalId is not null && await ReceiptAsync(db, endpoint, r => r.ExternalId == externalId, ct) is { } same)
            return Replay(http, same, log, endpoint, id);

        var action = actions.LastOrDefault(a => a.Kind == target.Action.Kind);
        if (action is null)
            return Reject(422, "Action not available",
                $"The endpoint '{endpoint}' maps to '{target.Action.Kind}', which this host does not provide yet; nothing was created.");
        var result = await action.ExecuteAsync(new WebhookRequest(endpoint, id, payload, target.Action, db, http.RequestServices), ct);
        if (result is WebhookActionResult.Rejected rejected)
        {
            db.ChangeTracker.Clear();
            return Reject(rejected.Status, rejected.Title, rejected.Detail,
                rejected.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = rejected.Errors });
        }
        var accepted = (WebhookActionResult.Accepted)result;
        var receiptId = Guid.NewGuid();
        var answer = new JsonObject
        {
            ["webhookId"] = id,
            ["endpoint"] = endpoint,
            ["action"] = target.Action.Kind,
            ["receiptId"] = receiptId.ToString(),
        };
        foreach (var (key, value) in accepted.Answer)
            answer[key] = value?.DeepClone();
        answer["statusUrl"] = accepted.StatusUrl ?? $"/api/webhooks/endpoints/{endpoint}/receipts/{Uri.EscapeDataString(id)}";
        db.Add(new WebhookReceiptRecord
        {
            Id = receiptId,
            Endpoint = endpoint,
            WebhookId = id,
            ExternalId = externalId,
            StatusCode = 202,
            Response = answer.ToJsonString(),
            ReceivedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // the same webhook at the same moment: its twin committed first; answer as it did
            db.ChangeTracker.Clear();
            if (await ReceiptAsync(db, endpoint, r => r.WebhookId == id || (externalId != null && r.ExternalId == externalId), ct) is { } twin)
                return Replay(http, twin, log, endpoint, id);
            throw;
        }
        log.LogInformation("Webhook {WebhookId} to {Endpoint} accepted: {Action}", id, endpoint, target.Action.Kind);
        http.Response.Headers.Location = answer["statusUrl"]!.GetValue<string>();
        return Results.Content(answer.ToJsonString(), "application/json", Encoding.UTF8, 202);
    }

    private static Task<WebhookReceiptRecord?> ReceiptAsync(DbContext db, string endpoint,
        global::System.Linq.Expressions.Expression<Func<WebhookReceiptRecord, bool>> match, CancellationToken ct) =>
        db.Set<WebhookReceiptRecord>().AsNoTracking().Where(r => r.Endpoint == endpoint).Where(match).FirstOrDefaultAsync(ct);

    private static IResult Replay(HttpContext http, WebhookReceiptRecord first, ILogger log, string endpoint, string id)
    {
        if ((JsonNode.Parse(first.Response) as JsonObject)?["statusUrl"] is JsonValue url)
            http.Response.Headers.Location = url.ToString();
        log.LogInformation("Webhook {WebhookId} to {Endpoint} is a repeat of {FirstWebhookId}; answered as before", id, endpoint, first.WebhookId);
        return Results.Content(first.Response, "application/json", Encoding.UTF8, first.StatusCode);
    }

    /// <summary>The body, or null when it is larger than the limit (read no further than that).</summary>
    private static async Task<byte[]?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > WebhookOptions.MaxBodyBytes)
                return null;
        }
        return buffer.ToArray();
    }
}
