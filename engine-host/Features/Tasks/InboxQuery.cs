using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>The query string of <c>GET /api/tasks</c>; every list parameter takes several values (repeated or comma-separated).</summary>
public sealed record InboxFilter(string? View, string[]? Status, string[]? Type, string[]? Priority, string[]? Team, string[]? Assignee,
    string? DueBefore, string? Q, Guid? InstanceId, string? Sort, int Page = 1, int PageSize = 50, string[]? Role = null);

/// <summary>A page of inbox rows and how many match in all: <paramref name="Total"/> exactly, or at least that many when
/// <paramref name="AtLeast"/> (the count stops at <see cref="InboxQuery.CountLimit"/>, or at the end of the page asked for
/// when that is further).</summary>
public sealed record InboxPage(List<InboxRow> Rows, int Total, bool AtLeast = false)
{
    /// <summary>The <c>X-Total-Count</c> header: <c>"351"</c>, or <c>"1000+"</c> when more than that many match.</summary>
    public string TotalHeader => Total.ToString(CultureInfo.InvariantCulture) + (AtLeast ? "+" : "");
}

/// <summary>
/// The inbox list as two SQL queries on indexed columns, the count and the page (with its rows' requests and the user's
/// marks): the view narrows by assignee, team, role and due time, the filters by the task's and its request's columns, and
/// the default order is the most urgent due time first (tasks without a due time last).
/// </summary>
public static class InboxQuery
{
    public static readonly string[] Views = ["mine", "team", "unassigned", "breaching-soon", "all"];
    public static readonly string[] Priorities = ["low", "normal", "high", "urgent"];
    public static readonly string[] Sorts = ["due", "-due", "priority", "-priority", "created", "-created", "title", "-title"];

    /// <summary>Matches are counted up to this many (or to the end of the page asked for): beyond, the total is "1000+".
    /// Counting all 100,000 open tasks cost 12–30 ms a request; nobody pages through a thousand.</summary>
    public const int CountLimit = 1000;

    public static async Task<InboxPage> RunAsync(DbContext db, InboxUser user, InboxFilter f, DateTimeOffset now, TimeSpan breachingSoon,
        FieldErrors errors, CancellationToken ct)
    {
        var tasks = db.Set<HumanTaskRecord>().AsNoTracking().Where(t => !t.Sandbox); // test runs' tasks: the designer's panel only
        var view = f.View?.Trim().ToLowerInvariant();
        if (view is not null && !Views.Contains(view))
            errors.Add("view", $"'{f.View}' is not a view: use one of {string.Join(", ", Views)}.");

        var statuses = Values(f.Status).Select(s => Enum.TryParse<HumanTaskStatus>(s, true, out var v) && !char.IsDigit(s[0]) ? v : (HumanTaskStatus?)null).ToList();
        foreach (var bad in Values(f.Status).Where((_, i) => statuses[i] is null))
            errors.Add("status", $"'{bad}' is not a task status: use Open, Completed or Cancelled.");
        var statusSet = statuses.OfType<HumanTaskStatus>().ToList();
        tasks = statusSet.Count == 0 ? tasks.Where(t => t.Status == HumanTaskStatus.Open) : tasks.Where(t => statusSet.Contains(t.Status));

        var priorities = Values(f.Priority).Select(p => p.ToLowerInvariant()).ToList();
        foreach (var bad in priorities.Where(p => !Priorities.Contains(p)))
            errors.Add("priority", $"'{bad}' is not a priority: use {string.Join(", ", Priorities)}.");
        if (priorities.Count > 0)
        {
            var withNormal = priorities.Contains("normal");
            tasks = tasks.Where(t => (t.Priority != null && priorities.Contains(t.Priority.ToLower())) || (withNormal && t.Priority == null));
        }

        var types = Values(f.Type).Select(s => Enum.TryParse<ServiceRequestType>(s, true, out var v) && !char.IsDigit(s[0]) ? v : (ServiceRequestType?)null).ToList();
        foreach (var bad in Values(f.Type).Where((_, i) => types[i] is null))
            errors.Add("type", $"'{bad}' is not a request type: use one of {string.Join(", ", Enum.GetNames<ServiceRequestType>())}.");

        var teams = Values(f.Team);
        if (teams.Count > 0)
            tasks = tasks.Where(t => t.Team != null && teams.Contains(t.Team));
        var roles = Values(f.Role).Select(r => r.ToLowerInvariant()).ToList();
        if (roles.Count > 0)
        {
            // a flow's role is matched without regard to case (agent = Agent); "none": tasks for no particular role
            var noRole = roles.Remove("none");
            tasks = tasks.Where(t => (t.Role != null && roles.Contains(t.Role.ToLower())) || (noRole && t.Role == null));
        }
        var assignees = Values(f.Assignee).Select(a => a.Equals("me", StringComparison.OrdinalIgnoreCase) ? user.Name : a).ToList();
        if (assignees.Count > 0)
        {
            var none = assignees.Any(a => a.Equals("none", StringComparison.OrdinalIgnoreCase));
            tasks = tasks.Where(t => (t.Assignee != null && assignees.Contains(t.Assignee)) || (none && t.Assignee == null));
        }
        if (!string.IsNullOrWhiteSpace(f.DueBefore))
        {
            if (DateTimeOffset.TryParse(f.DueBefore, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var before))
                tasks = tasks.Where(t => t.DueAt != null && t.DueAt < before.ToUniversalTime());
            else
                errors.Add("dueBefore", $"'{f.DueBefore}' is not a time: use ISO 8601, e.g. 2026-05-01T12:00:00Z.");
        }
        if (f.InstanceId is { } instanceId)
            tasks = tasks.Where(t => t.InstanceId == instanceId);

        var sort = (f.Sort ?? "due").Trim().ToLowerInvariant();
        if (!Sorts.Contains(sort))
            errors.Add("sort", $"'{f.Sort}' is not a sort: use one of {string.Join(", ", Sorts)}.");
        if (f.Page < 1)
            errors.Add("page", "page counts from 1.");
        if (f.PageSize is < 1 or > Records.Lists.MaxPageSize)
            errors.Add("pageSize", $"pageSize must be between 1 and {Records.Lists.MaxPageSize}.");

        tasks = (view ?? "") switch
        {
            "mine" => tasks.Where(t => t.Assignee == user.Name),
            "team" => tasks.Where(t => t.Team != null && user.Teams.Contains(t.Team)),
            "unassigned" => Takeable(tasks.Where(t => t.Assignee == null), user),
            "breaching-soon" => Visible(tasks, user).Where(t => t.DueAt != null && t.DueAt <= now + breachingSoon),
            "all" => tasks,
            _ => user.ReadsAll ? tasks : Visible(tasks, user),
        };
        if (errors.Any)
            return new InboxPage([], 0);

        var joined = from t in tasks
                     join r in db.Set<ServiceRequest>().AsNoTracking() on (Guid?)t.InstanceId equals r.InstanceId into rs
                     from r in rs.DefaultIfEmpty()
                     select new Joined { Task = t, Request = r };
        var typeSet = types.OfType<ServiceRequestType>().ToList();
        if (typeSet.Count > 0)
            joined = joined.Where(x => x.Request != null && typeSet.Contains(x.Request.Type));
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim().ToLower();
            var customers = db.Set<Customer>().AsNoTracking();
            joined = joined.Where(x => x.Task.Title.ToLower().Contains(q)
                || (x.Request != null && (x.Request.Number.ToLower().Contains(q)
                    || x.Request.Symptom.ToLower().Contains(q)
                    || customers.Any(c => c.Id == x.Request.CustomerId && c.Name.ToLower().Contains(q)))));
        }

        // without a filter on the request, a task is one row (an instance runs one request): count and page the tasks alone
        // (index ranges on the task table); with one, the join decides. Either way the page's requests, names and the
        // user's marks are joined to the page in the same query (InboxRows.ReadAsync).
        var byTask = typeSet.Count == 0 && string.IsNullOrWhiteSpace(f.Q);
        var source = byTask ? tasks.Select(t => new Joined { Task = t }) : joined;
        var skip = (f.Page - 1) * f.PageSize;
        var limit = Math.Max(CountLimit, skip + f.PageSize);
        var total = await source.Take(limit + 1).CountAsync(ct);
        List<InboxRow> page;
        if (sort == "due")
        {
            // due times first in order, then the tasks without one: two index range scans instead of a sort of every match
            var dated = source.Where(x => x.Task.DueAt != null).OrderBy(x => x.Task.DueAt).ThenBy(x => x.Task.Id);
            page = await InboxRows.ReadAsync(db, dated.Skip(skip).Take(f.PageSize).Select(x => x.Task), user.Name, now, ct);
            if (page.Count < f.PageSize)
            {
                var datedCount = page.Count > 0 ? skip + page.Count : await dated.CountAsync(ct);
                page.AddRange(await InboxRows.ReadAsync(db, source.Where(x => x.Task.DueAt == null).OrderBy(x => x.Task.CreatedAt).ThenBy(x => x.Task.Id)
                    .Skip(Math.Max(0, skip - datedCount)).Take(f.PageSize - page.Count).Select(x => x.Task), user.Name, now, ct));
            }
        }
        else
        {
            page = await InboxRows.ReadAsync(db, Sorted(source, sort).Skip(skip).Take(f.PageSize).Select(x => x.Task), user.Name, now, ct);
        }
        return new InboxPage(page, Math.Min(total, limit), total > limit);
    }

    /// <summary>The tasks the user may take (claim): any for a supervisor; else their teams' (or none) and their roles' (or none).</summary>
    public static IQueryable<HumanTaskRecord> Takeable(IQueryable<HumanTaskRecord> tasks, InboxUser user)
    {
        if (user.Supervises)
            return tasks;
        var teams = user.Teams;
        var roles = user.TaskRoles;
        return tasks.Where(t => (t.Team == null || teams.Contains(t.Team)) && (t.Role == null || roles.Contains(t.Role.ToLower())));
    }

    /// <summary>The tasks in any of the user's views: theirs, their teams', the unassigned ones they may take.</summary>
    public static IQueryable<HumanTaskRecord> Visible(IQueryable<HumanTaskRecord> tasks, InboxUser user)
    {
        if (user.Supervises)
            return tasks;
        var (name, teams, roles) = (user.Name, user.Teams, user.TaskRoles);
        return tasks.Where(t => t.Assignee == name || (t.Team != null && teams.Contains(t.Team))
            || (t.Assignee == null && (t.Team == null || teams.Contains(t.Team)) && (t.Role == null || roles.Contains(t.Role.ToLower()))));
    }

    private static IQueryable<Joined> Sorted(IQueryable<Joined> q, string sort) => sort switch
    {
        "-due" => q.OrderBy(x => x.Task.DueAt == null).ThenByDescending(x => x.Task.DueAt).ThenBy(x => x.Task.Id),
        "priority" or "-priority" => (sort == "priority" ? q.OrderByDescending(Rank) : q.OrderBy(Rank))
            .ThenBy(x => x.Task.DueAt == null).ThenBy(x => x.Task.DueAt).ThenBy(x => x.Task.Id),
        "created" => q.OrderBy(x => x.Task.CreatedAt).ThenBy(x => x.Task.Id),
        "-created" => q.OrderByDescending(x => x.Task.CreatedAt).ThenBy(x => x.Task.Id),
        "title" => q.OrderBy(x => x.Task.Title).ThenBy(x => x.Task.Id),
        _ => q.OrderByDescending(x => x.Task.Title).ThenBy(x => x.Task.Id),
    };

    private static readonly Expression<Func<Joined, int>> Rank = x =>
        x.Task.Priority == "urgent" ? 3 : x.Task.Priority == "high" ? 2 : x.Task.Priority == "low" ? 0 : 1;

    /// <summary>Repeated and comma-separated values, trimmed, without empties.</summary>
    public static List<string> Values(string[]? raw) =>
        (raw ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();

    public sealed class Joined
    {
        public required HumanTaskRecord Task { get; init; }
        public ServiceRequest? Request { get; init; }
    }
}
