using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.Instances;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Outbox;

public sealed record OutboxMessageView(Guid Id, string Channel, string Status, string IdempotencyKey, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError, Guid? InstanceId,
    string? ActivityId, JsonNode? Payload)
{
    public static OutboxMessageView From(OutboxRecord r, bool withPayload) => new(r.Id, r.Channel, r.Status, r.IdempotencyKey,
        r.Attempts, r.CreatedAt, r.NextAttemptAt, r.DeliveredAt, r.LastError, r.InstanceId, r.ActivityId,
        withPayload ? Redact(JsonNode.Parse(r.Payload)) : null);

    /// <summary>Header values named like credentials are not shown.</summary>
    private static JsonNode? Redact(JsonNode? payload)
    {
        if (payload?["headers"] is JsonObject headers)
        {
            foreach (var name in headers.Select(h => h.Key).ToList())
            {
                if (name.Contains("auth", StringComparison.OrdinalIgnoreCase) || name.Contains("key", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("token", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase))
                    headers[name] = "***";
            }
        }
        return payload;
    }
}

public sealed record RedeliveryAccepted(Guid Id, string Status, string StatusUrl);

internal static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/outbox").WithTags("Outbox");
        group.MapGet("/", List).WithSummary("Outgoing messages (emails, HTTP calls, webhooks), newest first; status=Dead lists the dead letters");
        group.MapGet("/{id:guid}", Get).WithSummary("One outgoing message with its payload");
        group.MapPost("/{id:guid}/redeliver", Redeliver)
            .WithSummary("Send a dead (or delivered) message again, with the same idempotency key and a new retry window");
        return app;
    }

    private static async Task<Results<Ok<Paged<OutboxMessageView>>, ValidationProblem>> List(DbContext db, string? status, string? channel,
        int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        if (status is not null && status is not (OutboxStatus.Pending or OutboxStatus.Delivered or OutboxStatus.Dead or OutboxStatus.NotSent))
            return Problems.Invalid("status", "Use Pending, Delivered, Dead or NotSent.");
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, 200));
        var query = db.Set<OutboxRecord>().AsNoTracking();
        if (status is not null) query = query.Where(r => r.Status == status);
        if (!string.IsNullOrEmpty(channel)) query = query.Where(r => r.Channel == channel);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<OutboxMessageView>(rows.Select(r => OutboxMessageView.From(r, false)).ToList(), page, pageSize, total));
    }

    private static async Task<Results<Ok<OutboxMessageView>, ProblemHttpResult>> Get(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<OutboxRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } row
            ? TypedResults.Ok(OutboxMessageView.From(row, true))
            : Problems.NotFound($"No outgoing message has the id {id}.");

    private static async Task<Results<Accepted<RedeliveryAccepted>, ProblemHttpResult>> Redeliver(Guid id, DbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var row = await db.Set<OutboxRecord>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (row is null)
            return Problems.NotFound($"No outgoing message has the id {id}.");
        if (row.Status == OutboxStatus.Pending)
            return Problems.Conflict("The message is still being delivered (it is pending); it needs no redelivery.");
        if (row.Status == OutboxStatus.NotSent)
            return Problems.Conflict("The message belongs to a test run of the designer; a test run never sends anything.");
        OutboxRedelivery.Requeue(row, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/outbox/{id}", new RedeliveryAccepted(id, row.Status, $"/api/outbox/{id}"));
    }
}

/// <summary>Puts a dead or delivered message back in the queue: same idempotency key, attempts counted from zero.</summary>
public static class OutboxRedelivery
{
    public static void Requeue(OutboxRecord row, DateTimeOffset now)
    {
        row.Status = OutboxStatus.Pending;
        row.Attempts = 0;
        row.NextAttemptAt = now;
        row.DeliveredAt = null;
        row.LastError = "redelivery requested";
    }
}
