using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Webhooks;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// request.created and request.closed from the request rows' own commit, whatever code path wrote them (the intake, a
/// webhook, a flow's CloseRequest, the records API): when a SaveChanges adds a service request or moves one to Closed,
/// the subscribers' messages are added to that same SaveChanges.
/// </summary>
public sealed class RequestEventsInterceptor(OutboxSignal signal, TimeProvider clock) : SaveChangesInterceptor
{
    private readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _published = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db && Events(db) is { Count: > 0 } events)
            Publish(db, events, db.Set<WebhookSubscriptionRecord>().AsNoTracking().Where(s => s.Active).ToList());
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Events(db) is { Count: > 0 } events)
            Publish(db, events, await db.Set<WebhookSubscriptionRecord>().AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken));
        return result;
    }

    private static List<(string Type, ServiceRequest Request)> Events(DbContext db)
    {
        var events = new List<(string, ServiceRequest)>();
        foreach (var entry in SavingEntries.Of<ServiceRequest>(db))
        {
            if (entry.Entity.Sandbox)
                continue; // a test run publishes nothing
            if (entry.State == EntityState.Added)
                events.Add((WebhookEvents.RequestCreated, entry.Entity));
            if (entry.Entity.Status == ServiceRequestStatus.Closed
                && (entry.State == EntityState.Added || (entry.State == EntityState.Modified
                    && entry.Property(r => r.Status).OriginalValue != ServiceRequestStatus.Closed)))
                events.Add((WebhookEvents.RequestClosed, entry.Entity));
        }
        return events;
    }

    private void Publish(DbContext db, List<(string Type, ServiceRequest Request)> events, List<WebhookSubscriptionRecord> subscriptions)
    {
        if (subscriptions.Count == 0)
            return;
        var now = clock.GetUtcNow();
        var published = 0;
        foreach (var (type, r) in events)
            published += WebhookPublisher.Publish(db, now, subscriptions, type, r.Id.ToString("N"), new JsonObject
            {
                ["requestId"] = r.Id.ToString(),
                ["number"] = r.Number,
                ["externalId"] = r.ExternalId,
                ["type"] = r.Type.ToString(),
                ["status"] = r.Status.ToString(),
                ["priority"] = r.Priority.ToString(),
                ["customerId"] = r.CustomerId.ToString(),
                ["instanceId"] = r.InstanceId?.ToString(),
                ["openedAt"] = r.OpenedAt,
                ["resolvedAt"] = r.ResolvedAt,
                ["resolution"] = r.Resolution,
                ["totalCost"] = r.TotalCost.Yuan,
                ["statusUrl"] = $"/api/requests/{r.Id}",
            });
        if (published > 0)
            _published.AddOrUpdate(db, this);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Fire(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Fire(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Fire(DbContext? db)
    {
        // a look-up first: Remove always takes the table's lock, and most saves published nothing
        if (db is not null && _published.TryGetValue(db, out _) && _published.Remove(db))
            signal.Notify();
    }
}
