using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

public sealed record CommentRequest(string? Text);

/// <summary>One comment of a request's thread (or of a task outside any request).</summary>
/// <param name="TaskId">The task it was written on; null when written on the request's page.</param>
/// <param name="TaskTitle">That task's title.</param>
/// <param name="AuthorName">The author's display name (the username when the user is gone).</param>
/// <param name="IsNew">Written by someone else since the caller last read the thread (or the caller never read it).</param>
public sealed record TaskComment(Guid Id, Guid? TaskId, string? TaskTitle, Guid? RequestId, string Author, string AuthorName, string Text,
    DateTimeOffset CreatedAt, bool IsNew = false);

/// <summary>
/// Comments (docs/inbox.md): one thread per service request — what the agents and technicians wrote on any of its tasks
/// and on the request's page, oldest first; a task outside any request has its own. <c>POST /api/tasks/{id}/comment</c>,
/// <c>GET /api/tasks/{id}/comments</c>, <c>GET|POST /api/requests/{key}/comments</c>.
/// </summary>
internal static class Comments
{
    public const int MaxLength = 4000;

    public static void MapTaskComments(this RouteGroupBuilder tasks)
    {
        tasks.MapPost("/{id:guid}/comment", CommentOnTaskAsync).WithSummary("Add a comment to the task (and so to its request's thread)");
        tasks.MapGet("/{id:guid}/comments", TaskThreadAsync)
            .WithSummary("The task's thread, oldest first: its request's comments, or the task's own; those new to the caller flagged, and marks it read");
    }

    public static void MapRequestComments(this RouteGroupBuilder requests)
    {
        requests.MapGet("/{key}/comments", RequestThreadAsync)
            .WithSummary("The request's comments (on it and on its tasks), oldest first; those new to the caller flagged, and marks it read");
        requests.MapPost("/{key}/comments", CommentOnRequestAsync).WithSummary("Add a comment to the request's thread");
    }

    /// <summary>
    /// The thread a task shows: its request's when it has one, else its own comments, each flagged <see cref="TaskComment.IsNew"/>
    /// for <paramref name="reader"/>; <paramref name="markRead"/> records that they have now read it.
    /// </summary>
    public static async Task<List<TaskComment>> OfTaskAsync(DbContext db, HumanTaskRecord task, ServiceRequest? request, string reader,
        bool markRead, CancellationToken ct) =>
        request is null
            ? await ForReaderAsync(db, task.Id, await ReadAsync(db, db.Set<TaskCommentRecord>().AsNoTracking().Where(c => c.TaskId == task.Id), ct),
                reader, markRead, ct)
            : await ForReaderAsync(db, request.Id, await OfRequestAsync(db, request, ct), reader, markRead, ct);

    /// <summary>
    /// Flags the comments others wrote since <paramref name="reader"/> last read the thread (<c>comment_reads</c>, per user and
    /// thread, kept on the server so it follows them to any browser and session) and, with <paramref name="markRead"/>, moves
    /// their mark to the newest comment shown — so a comment written meanwhile, not shown, stays new for the next read.
    /// </summary>
    private static async Task<List<TaskComment>> ForReaderAsync(DbContext db, Guid threadId, List<TaskComment> thread, string reader,
        bool markRead, CancellationToken ct)
    {
        var read = await db.Set<CommentReadRecord>().FirstOrDefaultAsync(r => r.Username == reader && r.ThreadId == threadId, ct);
        var since = read?.ReadAt;
        var flagged = thread.Select(c => c.Author != reader && (since is null || c.CreatedAt > since) ? c with { IsNew = true } : c).ToList();
        if (!markRead || thread.Count == 0)
            return flagged;
        var upTo = thread.Max(c => c.CreatedAt);
        if (read is null)
            db.Add(new CommentReadRecord { Username = reader, ThreadId = threadId, ReadAt = upTo });
        else if (upTo > read.ReadAt)
            read.ReadAt = upTo;
        else
            return flagged;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // another request of the same user marked it at the same moment: theirs stands
            db.ChangeTracker.Clear();
        }
        return flagged;
    }

    /// <summary>Every comment on the request or on a task of its flow instance (comments written before the request was recorded on them too).</summary>
    public static async Task<List<TaskComment>> OfRequestAsync(DbContext db, ServiceRequest request, CancellationToken ct)
    {
        var comments = db.Set<TaskCommentRecord>().AsNoTracking();
        if (request.InstanceId is { } instance)
        {
            var tasks = db.Set<HumanTaskRecord>().Where(t => t.InstanceId == instance).Select(t => (Guid?)t.Id);
            comments = comments.Where(c => c.RequestId == request.Id || tasks.Contains(c.TaskId));
        }
        else
            comments = comments.Where(c => c.RequestId == request.Id);
        return await ReadAsync(db, comments, ct);
    }

    private static async Task<List<TaskComment>> ReadAsync(DbContext db, IQueryable<TaskCommentRecord> comments, CancellationToken ct)
    {
        var rows = await comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(1000).ToListAsync(ct);
        if (rows.Count == 0)
            return [];
        var authors = rows.Select(r => r.Author).Distinct().ToList();
        var names = await db.Set<UserRecord>().AsNoTracking().Where(u => authors.Contains(u.Username))
            .ToDictionaryAsync(u => u.Username, u => u.DisplayName, ct);
        var taskIds = rows.Select(r => r.TaskId).OfType<Guid>().Distinct().ToList();
        var titles = taskIds.Count == 0
            ? []
            : await db.Set<HumanTaskRecord>().AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
        return rows.Select(r => new TaskComment(r.Id, r.TaskId, r.TaskId is { } t && titles.TryGetValue(t, out var title) ? title : null,
            r.RequestId, r.Author, names.GetValueOrDefault(r.Author, r.Author), r.Text, r.CreatedAt)).ToList();
    }

    private static async Task<Results<Created<TaskComment>, ProblemHttpResult, ValidationProblem>> CommentOnTaskAsync(Guid id, CommentRequest? body,
        DbContext db, ClaimsPrincipal principal, TimeProvider clock, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        if (Invalid(body, out var text) is { } invalid)
            return invalid;
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !(user.ReadsAll || user.MaySee(task)))
            return Problems.NotFound($"No task has the id {id}.");
        var request = await InboxRows.RequestOfAsync(db, task.InstanceId, ct);
        var comment = await AddAsync(db, task.Id, request?.Id, user.Name, text, clock, ct);
        return TypedResults.Created($"/api/tasks/{id}/comments", comment with { TaskTitle = task.Title });
    }

    private static async Task<Results<Ok<List<TaskComment>>, ProblemHttpResult>> TaskThreadAsync(Guid id, DbContext db, ClaimsPrincipal principal,
        CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !(user.ReadsAll || user.MaySee(task)))
            return Problems.NotFound($"No task has the id {id}.");
        return TypedResults.Ok(await OfTaskAsync(db, task, await InboxRows.RequestOfAsync(db, task.InstanceId, ct), user.Name, markRead: true, ct));
    }

    private static async Task<Results<Ok<List<TaskComment>>, ProblemHttpResult>> RequestThreadAsync(string key, DbContext db, ClaimsPrincipal principal,
        CancellationToken ct) =>
        await FindAsync(db, key, ct) is { } request
            ? TypedResults.Ok(await ForReaderAsync(db, request.Id, await OfRequestAsync(db, request, ct), InboxUser.From(principal).Name, markRead: true, ct))
            : Problems.NotFound($"No service request has the id or number '{key}'.");

    private static async Task<Results<Created<TaskComment>, ProblemHttpResult, ValidationProblem>> CommentOnRequestAsync(string key,
        CommentRequest? body, DbContext db, ClaimsPrincipal principal, TimeProvider clock, CancellationToken ct)
    {
        if (Invalid(body, out var text) is { } invalid)
            return invalid;
        if (await FindAsync(db, key, ct) is not { } request)
            return Problems.NotFound($"No service request has the id or number '{key}'.");
        var comment = await AddAsync(db, null, request.Id, InboxUser.From(principal).Name, text, clock, ct);
        return TypedResults.Created($"/api/requests/{request.Number}/comments", comment);
    }

    private static ValidationProblem? Invalid(CommentRequest? body, out string text)
    {
        text = body?.Text?.Trim() ?? "";
        if (text.Length == 0)
            return Problems.Invalid("text", "Write the comment's text.");
        if (text.Length > MaxLength)
            return Problems.Invalid("text", $"A comment is at most {MaxLength} characters long.");
        return null;
    }

    private static async Task<TaskComment> AddAsync(DbContext db, Guid? taskId, Guid? requestId, string author, string text, TimeProvider clock,
        CancellationToken ct)
    {
        var comment = new TaskCommentRecord
        {
            Id = Guid.CreateVersion7(),
            TaskId = taskId,
            RequestId = requestId,
            Author = author,
            Text = text,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(comment);
        await db.SaveChangesAsync(ct);
        var name = await db.Set<UserRecord>().AsNoTracking().Where(u => u.Username == author).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new TaskComment(comment.Id, taskId, null, requestId, author, name ?? author, text, comment.CreatedAt);
    }

    private static async Task<ServiceRequest?> FindAsync(DbContext db, string key, CancellationToken ct)
    {
        var query = db.Set<ServiceRequest>().AsNoTracking();
        return Guid.TryParse(key, out var id)
            ? await query.FirstOrDefaultAsync(r => r.Id == id, ct)
            : await query.FirstOrDefaultAsync(r => r.Number == key.ToUpperInvariant(), ct);
    }
}
