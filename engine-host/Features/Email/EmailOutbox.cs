using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Email;

/// <summary>
/// Queues an email from host code (an SLA warning to the team lead, a survey invitation…) in the caller's
/// DbContext: it is committed with the caller's changes and delivered after commit, like SendEmail's.
/// </summary>
public static class EmailOutbox
{
    /// <param name="key">What makes this email unique (e.g. <c>sla-warning:{requestId}:{level}</c>): the same key is one email, once.</param>
    public static OutboxRecord Enqueue(DbContext db, TimeProvider clock, string key, string to, string template, JsonObject model,
        string? locale = null)
    {
        var id = Guid.NewGuid();
        var row = new OutboxRecord
        {
            Id = id,
            Channel = "email",
            IdempotencyKey = $"email:{key}",
            Payload = new JsonObject
            {
                ["to"] = to,
                ["template"] = template,
                ["locale"] = locale,
                ["model"] = model.DeepClone(),
                ["messageId"] = $"<{id:N}@orchestrator>",
            }.ToJsonString(),
            NextAttemptAt = clock.GetUtcNow(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(row);
        return row;
    }
}
