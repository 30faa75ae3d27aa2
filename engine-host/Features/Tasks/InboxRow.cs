using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>
/// A task as the inbox shows it: the task's own fields (those of <see cref="TaskView"/>, so older callers read it too),
/// the service request it belongs to, how much SLA time is left and whether the user has seen its latest change.
/// </summary>
/// <param name="SlaRemaining">Seconds until <see cref="DueAt"/> (negative once breached); null without a due time or once done.</param>
/// <param name="SlaState"><c>running</c>, <c>paused</c> (the request waits for the customer, parts or a vendor),
/// <c>breached</c>, <c>none</c> (no due time) or <c>done</c> (the task is completed or cancelled).</param>
/// <param name="Unread">The task changed (claimed, reassigned, re-prioritised, completed, commented by someone else)
/// since the user last opened it, or they never did.</param>
public sealed record InboxRow(Guid Id, string Title, string? Description, Guid InstanceId, string ActivityId, string? CorrelationId,
    Guid? RequestId, string? RequestNumber, string? RequestType, string? RequestStatus, string? CustomerName, string? ProductName,
    string? Priority, IReadOnlyList<string> Outcomes, JsonNode? FormFields, string? Assignee, string? Team, string? Role,
    HumanTaskStatus Status, DateTimeOffset? DueAt, long? SlaRemaining, string SlaState, int Version, bool Unread,
    string? Outcome, JsonNode? Data, string? CompletedBy, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>Turns task rows into <see cref="InboxRow"/>s with two or three batched look-ups (never one per row).</summary>
public static class InboxRows
{
    /// <summary>The request statuses that stop the SLA clock (the shipped policy's pause statuses).</summary>
    public static readonly IReadOnlySet<ServiceRequestStatus> PausedStatuses = new HashSet<ServiceRequestStatus>
    {
        ServiceRequestStatus.WaitingForCustomer, ServiceRequestStatus.WaitingForParts,
    };

    public static async Task<List<InboxRow>> BuildAsync(DbContext db, IReadOnlyList<(HumanTaskRecord Task, ServiceRequest? Request)> items,
        string user, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0)
            return [];
        var customerIds = items.Select(i => i.Request?.CustomerId).OfType<Guid>().Distinct().ToList();
        var customers = customerIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<Customer>().AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var productIds = items.Select(i => i.Request?.InstalledProductId).OfType<Guid>().Distinct().ToList();
        var products = productIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await (from p in db.Set<InstalledProduct>().AsNoTracking()
                     join m in db.Set<ProductModel>() on p.ModelId equals m.Id
                     where productIds.Contains(p.Id)
                     select new { p.Id, m.Name, p.SerialNumber }).ToDictionaryAsync(p => p.Id, p => $"{p.Name} ({p.SerialNumber})", ct);
        var taskIds = items.Select(i => i.Task.Id).ToList();
        var reads = await db.Set<TaskReadRecord>().AsNoTracking().Where(r => r.Username == user && taskIds.Contains(r.TaskId))
            .ToDictionaryAsync(r => r.TaskId, ct);
        var commentedIds = taskIds.Select(t => (Guid?)t).ToList();
        var comments = await db.Set<TaskCommentRecord>().AsNoTracking().Where(c => commentedIds.Contains(c.TaskId) && c.Author != user)
            .GroupBy(c => c.TaskId).Select(g => new { TaskId = g.Key, Last = g.Max(c => c.CreatedAt) }).ToListAsync(ct);
        var lastComment = comments.ToDictionary(c => c.TaskId!.Value, c => c.Last);
        // a comment by someone else anywhere on the task's request (its page, a sibling task) changes the task too
        var requestIds = items.Select(i => i.Request?.Id).OfType<Guid>().Distinct().Select(r => (Guid?)r).ToList();
        var onRequests = requestIds.Count == 0
            ? []
            : (await db.Set<TaskCommentRecord>().AsNoTracking().Where(c => requestIds.Contains(c.RequestId) && c.Author != user)
                .GroupBy(c => c.RequestId).Select(g => new { RequestId = g.Key, Last = g.Max(c => c.CreatedAt) }).ToListAsync(ct))
            .ToDictionary(c => c.RequestId!.Value, c => c.Last);

        return items.Select(i =>
        {
            reads.TryGetValue(i.Task.Id, out var read);
            var unread = read is null || read.Version < i.Task.Version
                         || (lastComment.TryGetValue(i.Task.Id, out var last) && last > read.ReadAt)
                         || (i.Request is { } sr && onRequests.TryGetValue(sr.Id, out var onRequest) && onRequest > read.ReadAt);
            return Row(i.Task, i.Request, now, unread,
                i.Request is { } r && customers.TryGetValue(r.CustomerId, out var c) ? c : null,
                i.Request?.InstalledProductId is { } pid && products.TryGetValue(pid, out var p) ? p : null);
        }).ToList();
    }

    public static async Task<InboxRow?> OneAsync(DbContext db, Guid id, string user, DateTimeOffset now, CancellationToken ct)
    {
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return task is null ? null : await OneAsync(db, task, user, now, ct);
    }

    public static async Task<InboxRow> OneAsync(DbContext db, HumanTaskRecord task, string user, DateTimeOffset now, CancellationToken ct)
    {
        var request = await RequestOfAsync(db, task.InstanceId, ct);
        return (await BuildAsync(db, [(task, request)], user, now, ct))[0];
    }

    public static Task<ServiceRequest?> RequestOfAsync(DbContext db, Guid instanceId, CancellationToken ct) =>
        db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instanceId, ct);

    private static InboxRow Row(HumanTaskRecord t, ServiceRequest? r, DateTimeOffset now, bool unread, string? customer, string? product)
    {
        long? remaining = t.Status == HumanTaskStatus.Open && t.DueAt is { } due ? (long)Math.Floor((due - now).TotalSeconds) : null;
        var state = t.Status != HumanTaskStatus.Open ? "done"
            : remaining is null ? "none"
            : r is not null && PausedStatuses.Contains(r.Status) ? "paused"
            : remaining < 0 ? "breached"
            : "running";
        return new InboxRow(t.Id, t.Title, t.Description, t.InstanceId, t.ActivityId, t.CorrelationId,
            r?.Id, r?.Number, r?.Type.ToString(), r?.Status.ToString(), customer, product,
            t.Priority, (JsonNode.Parse(t.Outcomes) as JsonArray ?? []).Select(o => o!.GetValue<string>()).ToList(), JsonNode.Parse(t.FormFields),
            t.Assignee, t.Team, t.Role, t.Status, t.DueAt, remaining, state, t.Version, unread,
            t.Outcome, t.ResultData is null ? null : JsonNode.Parse(t.ResultData), t.CompletedBy, t.CreatedAt, t.CompletedAt);
    }

    /// <summary>Records that the user has seen the task as it is now (opening it, or changing it themselves).</summary>
    public static async Task MarkReadAsync(DbContext db, string user, Guid taskId, int version, DateTimeOffset now, CancellationToken ct)
    {
        var read = await db.Set<TaskReadRecord>().FirstOrDefaultAsync(r => r.Username == user && r.TaskId == taskId, ct);
        if (read is null)
            db.Add(new TaskReadRecord { Username = user, TaskId = taskId, Version = version, ReadAt = now });
        else
        {
            read.Version = Math.Max(read.Version, version);
            read.ReadAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // another request of the same user marked it at the same moment: theirs stands
            db.ChangeTracker.Clear();
        }
    }
}
