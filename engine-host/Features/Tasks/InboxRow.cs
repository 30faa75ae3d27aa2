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

/// <summary>A task's service request with the names the inbox shows: the customer's and the installed product's ("model (serial)").</summary>
public sealed record RequestInfo(ServiceRequest Request, string? Customer, string? Product);

/// <summary>Turns task rows into <see cref="InboxRow"/>s with two batched look-ups (read marks, comments; never one per row).</summary>
public static class InboxRows
{
    /// <summary>The request statuses that stop the SLA clock (the shipped policy's pause statuses).</summary>
    public static readonly IReadOnlySet<ServiceRequestStatus> PausedStatuses = new HashSet<ServiceRequestStatus>
    {
        ServiceRequestStatus.WaitingForCustomer, ServiceRequestStatus.WaitingForParts,
    };

    public static async Task<List<InboxRow>> BuildAsync(DbContext db, IReadOnlyList<(HumanTaskRecord Task, RequestInfo? Request)> items,
        string user, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0)
            return [];
        var taskIds = items.Select(i => i.Task.Id).ToList();
        var reads = await db.Set<TaskReadRecord>().AsNoTracking().Where(r => r.Username == user && taskIds.Contains(r.TaskId))
            .ToDictionaryAsync(r => r.TaskId, ct);
        // a comment by someone else on the task, or anywhere on the task's request (its page, a sibling task), changes the
        // task: one look-up for both, the newest comment per (task, request) pair
        var commentedIds = taskIds.Select(t => (Guid?)t).ToList();
        var requestIds = items.Select(i => i.Request?.Request.Id).OfType<Guid>().Distinct().Select(r => (Guid?)r).ToList();
        var comments = await db.Set<TaskCommentRecord>().AsNoTracking()
            .Where(c => (commentedIds.Contains(c.TaskId) || requestIds.Contains(c.RequestId)) && c.Author != user)
            .GroupBy(c => new { c.TaskId, c.RequestId })
            .Select(g => new { g.Key.TaskId, g.Key.RequestId, Last = g.Max(c => c.CreatedAt) }).ToListAsync(ct);
        var lastComment = comments.Where(c => c.TaskId is not null).GroupBy(c => c.TaskId!.Value).ToDictionary(g => g.Key, g => g.Max(c => c.Last));
        var onRequests = comments.Where(c => c.RequestId is not null).GroupBy(c => c.RequestId!.Value).ToDictionary(g => g.Key, g => g.Max(c => c.Last));

        return items.Select(i =>
        {
            reads.TryGetValue(i.Task.Id, out var read);
            var unread = read is null || read.Version < i.Task.Version
                         || (lastComment.TryGetValue(i.Task.Id, out var last) && last > read.ReadAt)
                         || (i.Request is { } sr && onRequests.TryGetValue(sr.Request.Id, out var onRequest) && onRequest > read.ReadAt);
            return Row(i.Task, i.Request, now, unread);
        }).ToList();
    }

    public static async Task<InboxRow?> OneAsync(DbContext db, Guid id, string user, DateTimeOffset now, CancellationToken ct)
    {
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return task is null ? null : await OneAsync(db, task, user, now, ct);
    }

    public static async Task<InboxRow> OneAsync(DbContext db, HumanTaskRecord task, string user, DateTimeOffset now, CancellationToken ct)
    {
        var request = (await RequestsOfAsync(db, [task.InstanceId], ct)).GetValueOrDefault(task.InstanceId);
        return (await BuildAsync(db, [(task, request)], user, now, ct))[0];
    }

    public static Task<ServiceRequest?> RequestOfAsync(DbContext db, Guid instanceId, CancellationToken ct) =>
        db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instanceId, ct);

    /// <summary>
    /// The service requests run by these instances with their customer's name and installed product ("model (serial)"),
    /// in one query (a task's instance runs one request).
    /// </summary>
    public static async Task<Dictionary<Guid, RequestInfo>> RequestsOfAsync(DbContext db, IReadOnlyCollection<Guid> instanceIds, CancellationToken ct)
    {
        if (instanceIds.Count == 0)
            return [];
        var ids = instanceIds.Distinct().Select(i => (Guid?)i).ToList();
        var found = await (from r in db.Set<ServiceRequest>().AsNoTracking()
                           where ids.Contains(r.InstanceId)
                           join c in db.Set<Customer>().AsNoTracking() on r.CustomerId equals c.Id into cs
                           from c in cs.DefaultIfEmpty()
                           join p in db.Set<InstalledProduct>().AsNoTracking() on r.InstalledProductId equals (Guid?)p.Id into ps
                           from p in ps.DefaultIfEmpty()
                           join m in db.Set<ProductModel>().AsNoTracking() on p.ModelId equals m.Id into ms
                           from m in ms.DefaultIfEmpty()
                           select new
                           {
                               Request = r,
                               Customer = c == null ? null : c.Name,
                               Model = m == null ? null : m.Name,
                               Serial = p == null ? null : p.SerialNumber,
                           }).ToListAsync(ct);
        return found.GroupBy(x => x.Request.InstanceId!.Value).ToDictionary(g => g.Key, g =>
        {
            var x = g.First();
            return new RequestInfo(x.Request, x.Customer, x.Model is null ? null : $"{x.Model} ({x.Serial})");
        });
    }

    private static InboxRow Row(HumanTaskRecord t, RequestInfo? info, DateTimeOffset now, bool unread)
    {
        var r = info?.Request;
        long? remaining = t.Status == HumanTaskStatus.Open && t.DueAt is { } due ? (long)Math.Floor((due - now).TotalSeconds) : null;
        var state = t.Status != HumanTaskStatus.Open ? "done"
            : remaining is null ? "none"
            : r is not null && PausedStatuses.Contains(r.Status) ? "paused"
            : remaining < 0 ? "breached"
            : "running";
        return new InboxRow(t.Id, t.Title, t.Description, t.InstanceId, t.ActivityId, t.CorrelationId,
            r?.Id, r?.Number, r?.Type.ToString(), r?.Status.ToString(), info?.Customer, info?.Product,
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
