using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>
/// task.created and task.completed without touching the engine: when a SaveChanges adds a HumanTask row or moves
/// one to Completed (a burst, a completion), the webhook messages for the subscribers are added to that same
/// SaveChanges — one transaction, so an event is published exactly when its task change commits.
/// </summary>
public sealed class TaskEventsInterceptor(OutboxSignal signal, TimeProvider clock) : SaveChangesInterceptor
{
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

    private static List<(string Type, HumanTaskRecord Task)> Events(DbContext db)
    {
        var events = new List<(string, HumanTaskRecord)>();
        foreach (var entry in SavingEntries.Of<HumanTaskRecord>(db))
        {
            if (entry.Entity.Sandbox)
                continue; // a test run publishes nothing
            if (entry.State == EntityState.Added && entry.Entity.Status == HumanTaskStatus.Open)
                events.Add((WebhookEvents.TaskCreated, entry.Entity));
            else if (entry.State == EntityState.Modified && entry.Entity.Status == HumanTaskStatus.Completed
                     && entry.Property(t => t.Status).IsModified && entry.Property(t => t.Status).OriginalValue == HumanTaskStatus.Open)
                events.Add((WebhookEvents.TaskCompleted, entry.Entity));
        }
        return events;
    }

    private void Publish(DbContext db, List<(string Type, HumanTaskRecord Task)> events, List<WebhookSubscriptionRecord> subscriptions)
    {
        if (subscriptions.Count == 0)
            return;
        var now = clock.GetUtcNow();
        var published = 0;
        foreach (var (type, t) in events)
            published += WebhookPublisher.Publish(db, now, subscriptions, type, t.Id.ToString("N"), new JsonObject
            {
                ["taskId"] = t.Id.ToString(),
                ["instanceId"] = t.InstanceId.ToString(),
                ["activityId"] = t.ActivityId,
                ["title"] = t.Title,
                ["assignee"] = t.Assignee,
                ["team"] = t.Team,
                ["role"] = t.Role,
                ["priority"] = t.Priority,
                ["dueAt"] = t.DueAt,
                ["correlationId"] = t.CorrelationId,
                ["outcome"] = t.Outcome,
                ["completedBy"] = t.CompletedBy,
                ["completedAt"] = t.CompletedAt,
            });
        if (published > 0)
            _published.AddOrUpdate(db, this);
    }

    private readonly global::System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _published = new();

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
