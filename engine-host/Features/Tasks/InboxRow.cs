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

/// <summary>A task's service request as an inbox row shows it: number, type, status, the customer's name and the installed
/// product ("model (serial)").</summary>
public sealed record RequestInfo(Guid Id, string Number, ServiceRequestType Type, ServiceRequestStatus Status, string? Customer, string? Product);

/// <summary>
/// Turns task rows into <see cref="InboxRow"/>s: the tasks with their requests' names and the user's read and comment marks
/// come in one query (<see cref="ReadAsync"/>), whatever the number of rows.
/// </summary>
public static class InboxRows
{
    /// <summary>The request statuses that stop the SLA clock (the shipped policy's pause statuses).</summary>
    public static readonly IReadOnlySet<ServiceRequestStatus> PausedStatuses = new HashSet<ServiceRequestStatus>
    {
        ServiceRequestStatus.WaitingForCustomer, ServiceRequestStatus.WaitingForParts,
    };

    /// <summary>A task with what its row needs, as one query reads it.</summary>
    public sealed class Marked
    {
        public required HumanTaskRecord Task { get; init; }
        public Guid? RequestId { get; init; }
        public string? Number { get; init; }
        public ServiceRequestType? Type { get; init; }
        public ServiceRequestStatus? Status { get; init; }
        public string? Customer { get; init; }
        public string? Model { get; init; }
        public string? Serial { get; init; }
        /// <summary>The version of the task the user last opened, and when (null: never).</summary>
        public int? ReadVersion { get; init; }
        public DateTimeOffset? ReadAt { get; init; }
        /// <summary>The newest comment by someone else on the task, or anywhere on its request (its page, a sibling task).</summary>
        public DateTimeOffset? LastComment { get; init; }
    }

    /// <summary>
    /// The rows of these tasks (a page, already ordered and cut: the joins come after it, on at most a page of rows):
    /// each task with its request (a task's instance runs one), the customer's and product's names, the user's read mark
    /// and the newest comment by someone else, in the tasks' order, in one query.
    /// </summary>
    public static async Task<List<InboxRow>> ReadAsync(DbContext db, IQueryable<HumanTaskRecord> tasks, string user, DateTimeOffset now,
        CancellationToken ct)
    {
        var found = await With(db, tasks, user).ToListAsync(ct);
        var seen = new HashSet<Guid>();
        return found.Where(x => seen.Add(x.Task.Id)).Select(x => Row(x.Task, x, now)).ToList();
    }

    private static IQueryable<Marked> With(DbContext db, IQueryable<HumanTaskRecord> tasks, string user) =>
        from t in tasks
        join r in db.Set<ServiceRequest>().AsNoTracking() on (Guid?)t.InstanceId equals r.InstanceId into rs
        from r in rs.DefaultIfEmpty()
        join c in db.Set<Customer>().AsNoTracking() on r.CustomerId equals c.Id into cs
        from c in cs.DefaultIfEmpty()
        join p in db.Set<InstalledProduct>().AsNoTracking() on r.InstalledProductId equals (Guid?)p.Id into ps
        from p in ps.DefaultIfEmpty()
        join m in db.Set<ProductModel>().AsNoTracking() on p.ModelId equals m.Id into ms
        from m in ms.DefaultIfEmpty()
        join read in db.Set<TaskReadRecord>().AsNoTracking().Where(x => x.Username == user) on t.Id equals read.TaskId into reads
        from read in reads.DefaultIfEmpty()
        select new Marked
        {
            Task = t,
            RequestId = r == null ? null : r.Id,
            Number = r == null ? null : r.Number,
            Type = r == null ? null : r.Type,
            Status = r == null ? null : r.Status,
            Customer = c == null ? null : c.Name,
            Model = m == null ? null : m.Name,
            Serial = p == null ? null : p.SerialNumber,
            ReadVersion = read == null ? null : read.Version,
            ReadAt = read == null ? null : read.ReadAt,
            LastComment = db.Set<TaskCommentRecord>()
                .Where(x => x.Author != user && (x.TaskId == t.Id || (r != null && x.RequestId == r.Id)))
                .Max(x => (DateTimeOffset?)x.CreatedAt),
        };

    public static async Task<InboxRow?> OneAsync(DbContext db, Guid id, string user, DateTimeOffset now, CancellationToken ct) =>
        (await ReadAsync(db, db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.Id == id), user, now, ct)).FirstOrDefault();

    /// <summary>The row of this task as the caller has it (just changed, or read for a check), with its request and marks as stored.</summary>
    public static async Task<InboxRow> OneAsync(DbContext db, HumanTaskRecord task, string user, DateTimeOffset now, CancellationToken ct)
    {
        var id = task.Id;
        var marked = await With(db, db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.Id == id), user).FirstOrDefaultAsync(ct);
        return Row(task, marked, now);
    }

    public static Task<ServiceRequest?> RequestOfAsync(DbContext db, Guid instanceId, CancellationToken ct) =>
        db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.InstanceId == instanceId, ct);

    private static InboxRow Row(HumanTaskRecord t, Marked? x, DateTimeOffset now)
    {
        // unread: never opened, changed since, or commented by someone else since
        var unread = x?.ReadVersion is not { } version || version < t.Version || x.LastComment > x.ReadAt;
        var request = x?.RequestId is { } requestId
            ? new RequestInfo(requestId, x.Number!, x.Type!.Value, x.Status!.Value, x.Customer, x.Model is null ? null : $"{x.Model} ({x.Serial})")
            : null;
        return Row(t, request, now, unread);
    }

    private static InboxRow Row(HumanTaskRecord t, RequestInfo? r, DateTimeOffset now, bool unread)
    {
        long? remaining = t.Status == HumanTaskStatus.Open && t.DueAt is { } due ? (long)Math.Floor((due - now).TotalSeconds) : null;
        var state = t.Status != HumanTaskStatus.Open ? "done"
            : remaining is null ? "none"
            : r is not null && PausedStatuses.Contains(r.Status) ? "paused"
            : remaining < 0 ? "breached"
            : "running";
        return new InboxRow(t.Id, t.Title, t.Description, t.InstanceId, t.ActivityId, t.CorrelationId,
            r?.Id, r?.Number, r?.Type.ToString(), r?.Status.ToString(), r?.Customer, r?.Product,
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
