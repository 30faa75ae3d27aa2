using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.Instances;
using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Webhooks;

public sealed record SubscriptionView(Guid Id, string Url, IReadOnlyList<string> Events, bool Active, string? Description,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SubscriptionView From(WebhookSubscriptionRecord s) => new(s.Id, s.Url,
        JsonSerializer.Deserialize<List<string>>(s.Events) ?? [], s.Active, s.Description, s.CreatedAt, s.UpdatedAt);
}

/// <summary>Answered once, at creation: the secret is not shown again.</summary>
public sealed record SubscriptionWithSecret(SubscriptionView Subscription, string Secret);

public sealed record SaveSubscriptionRequest(string? Url, List<string>? Events, string? Secret, string? Description, bool? Active);

public sealed record DeliveryView(Guid Id, Guid SubscriptionId, string EventType, string WebhookId, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

internal static class WebhookSubscriptions
{
    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder group)
    {
        group.MapGet("/subscriptions", List).WithSummary("Outgoing webhook subscriptions (secrets are never shown)");
        group.MapGet("/subscriptions/{id:guid}", Get).WithSummary("One subscription");
        group.MapPost("/subscriptions", Create).WithSummary("Subscribe a URL to events; its secret (generated unless given) is in this answer only");
        group.MapPut("/subscriptions/{id:guid}", Update).WithSummary("Change the URL, events, description or pause it (active: false)");
        group.MapDelete("/subscriptions/{id:guid}", Delete).WithSummary("Remove a subscription; its undelivered messages are dead-lettered");
        group.MapGet("/subscriptions/{id:guid}/deliveries", Deliveries).WithSummary("Its deliveries, newest first (status: Pending, Delivered, Dead)");
        group.MapPost("/deliveries/{id:guid}/redeliver", Redeliver).WithSummary("Send a delivery again: same webhook-id, a new retry window");
        group.MapGet("/events", () => TypedResults.Ok(WebhookEvents.All)).WithSummary("The event types one can subscribe to");
        return group;
    }

    private static async Task<Ok<List<SubscriptionView>>> List(DbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Set<WebhookSubscriptionRecord>().AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct))
            .Select(SubscriptionView.From).ToList());

    private static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> Get(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<WebhookSubscriptionRecord>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s
            ? TypedResults.Ok(SubscriptionView.From(s))
            : Problems.NotFound($"No subscription has the id {id}.");

    private static async Task<Results<Created<SubscriptionWithSecret>, ValidationProblem>> Create(SaveSubscriptionRequest body, DbContext db,
        OutboundGuard guard, SecretProtection protection, TimeProvider clock, CancellationToken ct)
    {
        var errors = Check(body, guard, creating: true);
        var secret = body.Secret ?? WebhookSignature.NewSecret();
        if (WebhookSignature.SecretBytes(secret) is null)
            errors["secret"] = ["whsec_ followed by base64 of at least 16 bytes (or leave it out to get one)."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        var now = clock.GetUtcNow();
        var record = new WebhookSubscriptionRecord
        {
            Id = Guid.NewGuid(),
            Url = body.Url!,
            Events = JsonSerializer.Serialize(body.Events!.Distinct()),
            ProtectedSecret = protection.Protect(secret),
            Description = body.Description,
            Active = body.Active ?? true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/webhooks/subscriptions/{record.Id}", new SubscriptionWithSecret(SubscriptionView.From(record), secret));
    }

    private static async Task<Results<Ok<SubscriptionView>, ValidationProblem, ProblemHttpResult>> Update(Guid id, SaveSubscriptionRequest body,
        DbContext db, OutboundGuard guard, TimeProvider clock, CancellationToken ct)
    {
        var record = await db.Set<WebhookSubscriptionRecord>().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (record is null)
            return Problems.NotFound($"No subscription has the id {id}.");
        var errors = Check(body, guard, creating: false);
        if (body.Secret is not null)
            errors["secret"] = ["The secret cannot be changed; create a new subscription and delete this one to rotate it."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        if (body.Url is not null) record.Url = body.Url;
        if (body.Events is not null) record.Events = JsonSerializer.Serialize(body.Events.Distinct());
        if (body.Description is not null) record.Description = body.Description;
        if (body.Active is { } active) record.Active = active;
        record.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SubscriptionView.From(record));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<WebhookSubscriptionRecord>().Where(s => s.Id == id).ExecuteDeleteAsync(ct) > 0
            ? TypedResults.NoContent()
            : Problems.NotFound($"No subscription has the id {id}.");

    private static async Task<Results<Ok<Paged<DeliveryView>>, ValidationProblem>> Deliveries(Guid id, DbContext db, string? status,
        int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        if (status is not null && status is not (OutboxStatus.Pending or OutboxStatus.Delivered or OutboxStatus.Dead))
            return Problems.Invalid("status", "Use Pending, Delivered or Dead.");
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, 200));
        var query = from d in db.Set<WebhookDeliveryRecord>().AsNoTracking()
                    join o in db.Set<OutboxRecord>().AsNoTracking() on d.Id equals o.Id
                    where d.SubscriptionId == id
                    select new { d, o };
        if (status is not null) query = query.Where(x => x.o.Status == status);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.d.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new Paged<DeliveryView>(rows.Select(x => new DeliveryView(x.d.Id, x.d.SubscriptionId, x.d.EventType, x.d.MessageId,
            x.o.Status, x.o.Attempts, x.d.CreatedAt, x.o.NextAttemptAt, x.o.DeliveredAt, x.o.LastError)).ToList(), page, pageSize, total));
    }

    private static async Task<Results<Accepted<RedeliveryAccepted>, ProblemHttpResult>> Redeliver(Guid id, DbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var row = await db.Set<OutboxRecord>().FirstOrDefaultAsync(r => r.Id == id && r.Channel == WebhookChannel.ChannelName, ct);
        if (row is null)
            return Problems.NotFound($"No webhook delivery has the id {id}.");
        if (row.Status == OutboxStatus.Pending)
            return Problems.Conflict("The delivery is still being attempted (it is pending); it needs no redelivery.");
        OutboxRedelivery.Requeue(row, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/outbox/{id}", new RedeliveryAccepted(id, row.Status, $"/api/outbox/{id}"));
    }

    private static Dictionary<string, string[]> Check(SaveSubscriptionRequest body, OutboundGuard guard, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Url is not null || creating)
        {
            if (string.IsNullOrWhiteSpace(body.Url) || body.Url.Length > 2000)
                errors["url"] = ["The URL to POST events to (at most 2000 characters)."];
            else if (guard.Check(body.Url) is { } refused)
                errors["url"] = [refused];
        }
        if (body.Events is not null || creating)
        {
            if (body.Events is not { Count: > 0 })
                errors["events"] = [$"Name at least one of: {string.Join(", ", WebhookEvents.All)}."];
            else if (body.Events.Except(WebhookEvents.All).ToList() is { Count: > 0 } unknown)
                errors["events"] = [$"Unknown: {string.Join(", ", unknown)}. Use: {string.Join(", ", WebhookEvents.All)}."];
        }
        if (body.Description is { Length: > 500 })
            errors["description"] = ["At most 500 characters."];
        return errors;
    }
}
