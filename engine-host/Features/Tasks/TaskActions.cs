using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

public sealed record ReassignTaskRequest(string? Assignee, string? Team);

/// <param name="Action"><c>claim</c>, <c>unclaim</c>, <c>reassign</c> (supervisors; with <see cref="Assignee"/> and/or
/// <see cref="Team"/>) or <c>priority</c> (with <see cref="Priority"/>).</param>
public sealed record BulkTaskRequest(string? Action, List<Guid>? Ids, string? Assignee, string? Team, string? Priority);

/// <summary>One task's answer in a bulk action: the status code it would have had alone, why, and the task as it is now.</summary>
public sealed record BulkTaskResult(Guid Id, int Status, string? Detail, InboxRow? Task);

public sealed record BulkTaskResponse(int Succeeded, int Failed, List<BulkTaskResult> Results);

/// <summary>
/// Claim, unclaim, reassign, change priority, comment, next task. Each change moves the task's version by compare-and-swap
/// (the version is the row's concurrency token), so a change made on a stale screen, or racing another, gets 409 with the
/// task as it is now; a change the caller sends with <c>If-Match</c> must match that version too.
/// </summary>
internal static class TaskActions
{
    public const int MaxBulk = 200;

    public static void MapTaskActions(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/claim", Claim).WithSummary("Take the task: it becomes yours (409 when someone else has it)");
        group.MapPost("/{id:guid}/unclaim", Unclaim).WithSummary("Give the task back to its team or role (yours; supervisors: anyone's)");
        group.MapPost("/{id:guid}/reassign", Reassign).WithSummary("Supervisors: give the task to a user and/or a team");
        group.MapPost("/bulk", Bulk).WithSummary("Claim, unclaim, reassign (supervisors) or change the priority of up to 200 tasks; one answer per task");
        group.MapTaskComments();
        group.MapPost("/next", Next).WithSummary("Claim the most urgent unclaimed task you may take and return it (204 when there is none)");
    }

    private delegate string? Change(HumanTaskRecord task, InboxUser user);

    private static async Task<Results<Ok<InboxRow>, ProblemHttpResult, ValidationProblem>> Claim(Guid id, DbContext db, ClaimsPrincipal principal,
        TimeProvider clock, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await ApplyAsync(db, id, InboxUser.From(principal), ifMatch, clock, ClaimChange, ct);

    private static async Task<Results<Ok<InboxRow>, ProblemHttpResult, ValidationProblem>> Unclaim(Guid id, DbContext db, ClaimsPrincipal principal,
        TimeProvider clock, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await ApplyAsync(db, id, InboxUser.From(principal), ifMatch, clock, UnclaimChange, ct);

    private static async Task<Results<Ok<InboxRow>, ProblemHttpResult, ValidationProblem>> Reassign(Guid id, ReassignTaskRequest? body, DbContext db,
        ClaimsPrincipal principal, TimeProvider clock, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        if (!user.Supervises)
            return Problem(403, "Forbidden", "Only supervisors and admins reassign tasks; claim or unclaim it instead.");
        if (await ValidateReassignAsync(db, body, ct) is { } invalid)
            return invalid;
        return await ApplyAsync(db, id, user, ifMatch, clock, ReassignChange(body!), ct);
    }

    private static async Task<Results<Ok<BulkTaskResponse>, ProblemHttpResult, ValidationProblem>> Bulk(BulkTaskRequest? body, DbContext db,
        ClaimsPrincipal principal, TimeProvider clock, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var action = body?.Action?.Trim().ToLowerInvariant();
        if (body?.Ids is not { Count: > 0 } ids)
            return Problems.Invalid("ids", "Select at least one task.");
        if (ids.Count > MaxBulk)
            return Problems.Invalid("ids", $"At most {MaxBulk} tasks at once.");
        Change change;
        switch (action)
        {
            case "claim":
                change = ClaimChange;
                break;
            case "unclaim":
                change = UnclaimChange;
                break;
            case "reassign":
                if (!user.Supervises)
                    return Problem(403, "Forbidden", "Only supervisors and admins reassign tasks.");
                if (await ValidateReassignAsync(db, new ReassignTaskRequest(body.Assignee, body.Team), ct) is { } invalid)
                    return invalid;
                change = ReassignChange(new ReassignTaskRequest(body.Assignee, body.Team));
                break;
            case "priority":
                var priority = body.Priority?.Trim().ToLowerInvariant();
                if (priority is null || !InboxQuery.Priorities.Contains(priority))
                    return Problems.Invalid("priority", $"Choose one of {string.Join(", ", InboxQuery.Priorities)}.");
                change = PriorityChange(priority);
                break;
            default:
                return Problems.Invalid("action", "Choose claim, unclaim, reassign or priority.");
        }
        var results = new List<BulkTaskResult>();
        foreach (var id in ids.Distinct())
        {
            var outcome = await ApplyAsync(db, id, user, null, clock, change, ct);
            results.Add(outcome.Result switch
            {
                Ok<InboxRow> ok => new BulkTaskResult(id, 200, null, ok.Value),
                ProblemHttpResult p => new BulkTaskResult(id, p.StatusCode, p.ProblemDetails.Detail,
                    p.ProblemDetails.Extensions.TryGetValue("task", out var t) ? t as InboxRow : null),
                _ => new BulkTaskResult(id, 400, "Invalid.", null),
            });
        }
        var succeeded = results.Count(r => r.Status == 200);
        return TypedResults.Ok(new BulkTaskResponse(succeeded, results.Count - succeeded, results));
    }

    private static async Task<Results<Ok<InboxRow>, NoContent>> Next(DbContext db, ClaimsPrincipal principal, TimeProvider clock,
        CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        // a few candidates, most urgent first: a candidate another user claims meanwhile loses its compare-and-swap, the next one is tried
        for (var round = 0; round < 3; round++)
        {
            var open = db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.Status == HumanTaskStatus.Open && t.Assignee == null && !t.Sandbox);
            var takeable = InboxQuery.Takeable(open, user);
            var candidates = await takeable.Where(t => t.DueAt != null).OrderBy(t => t.DueAt).ThenBy(t => t.Id).Select(t => t.Id).Take(5).ToListAsync(ct);
            if (candidates.Count < 5)
                candidates.AddRange(await takeable.Where(t => t.DueAt == null).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Select(t => t.Id)
                    .Take(5 - candidates.Count).ToListAsync(ct));
            if (candidates.Count == 0)
                return TypedResults.NoContent();
            foreach (var id in candidates)
            {
                if ((await ApplyAsync(db, id, user, null, clock, ClaimChange, ct)).Result is Ok<InboxRow> ok && ok.Value!.Assignee == user.Name)
                    return ok;
            }
        }
        return TypedResults.NoContent();
    }

    private static string? ClaimChange(HumanTaskRecord task, InboxUser user)
    {
        if (task.Assignee == user.Name)
            return null;
        if (task.Assignee is not null)
            throw new ChangeRefused(409, $"{task.Assignee} has claimed the task already.");
        if (!user.MayTake(task))
            throw new ChangeRefused(403, WhyNot(task, user));
        task.Assignee = user.Name;
        return "claimed";
    }

    private static string? UnclaimChange(HumanTaskRecord task, InboxUser user)
    {
        if (task.Assignee is null)
            return null;
        if (task.Assignee != user.Name && !user.Supervises)
            throw new ChangeRefused(403, $"The task is {task.Assignee}'s; only they or a supervisor can give it back.");
        task.Assignee = null;
        return "unclaimed";
    }

    private static Change ReassignChange(ReassignTaskRequest body) => (task, _) =>
    {
        var assignee = string.IsNullOrWhiteSpace(body.Assignee) ? null : body.Assignee.Trim().ToLowerInvariant();
        var team = string.IsNullOrWhiteSpace(body.Team) ? task.Team : body.Team.Trim();
        if (task.Assignee == assignee && task.Team == team)
            return null;
        task.Assignee = assignee;
        task.Team = team;
        return "reassigned";
    };

    private static Change PriorityChange(string priority) => (task, user) =>
    {
        if (!user.Supervises && !user.MaySee(task))
            throw new ChangeRefused(403, WhyNot(task, user));
        if (task.Priority == priority)
            return null;
        task.Priority = priority;
        return "priority";
    };

    /// <summary>
    /// Loads the task, checks it is open (and at the If-Match version), applies the change and saves it with the version
    /// moved on by compare-and-swap. A change that changes nothing answers the task as it is.
    /// </summary>
    private static async Task<Results<Ok<InboxRow>, ProblemHttpResult, ValidationProblem>> ApplyAsync(DbContext db, Guid id, InboxUser user,
        string? ifMatch, TimeProvider clock, Change change, CancellationToken ct)
    {
        if (!TryParseVersion(ifMatch, out var expected))
            return Problems.Invalid("If-Match", "If-Match must be the task's version, e.g. \"1\".");
        db.ChangeTracker.Clear();
        var task = await db.Set<HumanTaskRecord>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !(user.ReadsAll || user.MaySee(task)))
            return Problems.NotFound($"No task has the id {id}.");
        if (task.Status != HumanTaskStatus.Open)
            return await ConflictAsync(db, task, $"The task is {task.Status.ToString().ToLowerInvariant()}"
                + (task.CompletedBy is null ? "." : $" by {task.CompletedBy}."), user, clock, ct);
        if (expected is { } v && v != task.Version)
            return await ConflictAsync(db, task, $"The task changed since you loaded it (version {task.Version}, you saw {v}).", user, clock, ct);
        try
        {
            if (change(task, user) is not null)
            {
                task.Version++;
                await db.SaveChangesAsync(ct);
            }
        }
        catch (ChangeRefused refused) when (refused.Status == 409)
        {
            return await ConflictAsync(db, task, refused.Message, user, clock, ct);
        }
        catch (ChangeRefused refused)
        {
            return Problem(refused.Status, "Forbidden", refused.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Set<HumanTaskRecord>().AsNoTracking().FirstAsync(t => t.Id == id, ct);
            return await ConflictAsync(db, now, "Someone changed the task at the same moment; here it is as it is now.", user, clock, ct);
        }
        db.ChangeTracker.Clear();
        await InboxRows.MarkReadAsync(db, user.Name, id, task.Version, clock.GetUtcNow(), ct);
        return TypedResults.Ok(await InboxRows.OneAsync(db, task, user.Name, clock.GetUtcNow(), ct));
    }

    private static async Task<ValidationProblem?> ValidateReassignAsync(DbContext db, ReassignTaskRequest? body, CancellationToken ct)
    {
        if (body is null || (body.Assignee is null && body.Team is null))
            return Problems.Invalid("assignee", "Name the user (assignee) and/or the team to give the task to.");
        if (!string.IsNullOrWhiteSpace(body.Assignee))
        {
            var name = body.Assignee.Trim().ToLowerInvariant();
            if (!await db.Set<UserRecord>().AsNoTracking().AnyAsync(u => u.Username == name && u.Active, ct))
                return Problems.Invalid("assignee", $"No active user is called '{body.Assignee}'.");
        }
        if (!string.IsNullOrWhiteSpace(body.Team))
        {
            var code = body.Team.Trim();
            if (!await db.Set<TeamRecord>().AsNoTracking().AnyAsync(t => t.Code == code, ct))
                return Problems.Invalid("team", $"No team has the code '{body.Team}'.");
        }
        return null;
    }

    /// <summary>409 with the task as it is now (<c>task</c>), so a stale screen can show what happened.</summary>
    public static async Task<ProblemHttpResult> ConflictAsync(DbContext db, HumanTaskRecord task, string message, InboxUser user,
        TimeProvider clock, CancellationToken ct) =>
        Problems.Conflict(message, new Dictionary<string, object?>
        {
            ["task"] = await InboxRows.OneAsync(db, task, user.Name, clock.GetUtcNow(), ct),
        });

    public static ProblemHttpResult Forbidden(HumanTaskRecord task, InboxUser user) => Problem(403, "Forbidden", WhyNot(task, user));

    private static string WhyNot(HumanTaskRecord task, InboxUser user) =>
        task.Assignee is { } a && a != user.Name ? $"The task is {a}'s."
        : task.Team is { } team && !user.Teams.Contains(team) ? $"The task is for team {team}, which you are not in."
        : $"The task is for the role '{task.Role}', which you do not have.";

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemTypes.For(status));

    /// <summary>An If-Match header: absent, or the task's version (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>).</summary>
    public static bool TryParseVersion(string? ifMatch, out int? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
            return true;
        if (!int.TryParse(ifMatch.Trim().Replace("W/", "").Trim('"'), out var v))
            return false;
        version = v;
        return true;
    }

    private sealed class ChangeRefused(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
