using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Callbacks;
using Orchestrator.Domain.Complaints;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Scheduling;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>
/// Something due soon (开机提醒). <c>kind</c>: <c>pm</c> (a plan's next visit) or <c>callback</c>. <c>source</c> says where
/// it comes from: <c>plan</c> (its request, if the PM job opened it already, is <c>requestId</c>); <c>callback</c> (an
/// agent's call is open); <c>flow</c> (the request's flow will call the customer back then); <c>sweep</c> (the request
/// closed without a callback: the revisit sweep starts one then).
/// </summary>
public sealed record ReminderView(string Kind, string Source, DateOnly DueDate, DateTimeOffset? DueAt, bool Overdue, Guid CustomerId,
    string? CustomerName, Guid? RequestId, string? RequestNumber, Guid? PlanId, Guid? ContractId, string? ContractCode,
    Guid? InstalledProductId, string? SerialNumber, Guid? CallbackId);

public sealed record ReminderPage(int Days, DateOnly Until, IReadOnlyList<ReminderView> Items, int Page, int PageSize, int Total);

/// <summary><c>GET /api/reminders?days=N</c>: PM visits and callbacks due within N days (1–365, default 7), overdue ones first.</summary>
public static class ReminderEndpoints
{
    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reminders", ListAsync).WithTags("Scheduling").Produces<ReminderPage>().ProducesValidationProblem()
            .WithSummary("PM visits and callbacks due within ?days (1–365, default 7), overdue ones included, earliest first; " +
                         "?kind=pm|callback, ?customerId, ?page, ?pageSize up to 200");
        return app;
    }

    private static async Task<IResult> ListAsync(DbContext db, TimeProvider clock, IOptions<SchedulingOptions> options, string? days = null,
        string? kind = null, string? customerId = null, int? page = null, int? pageSize = null, CancellationToken ct = default)
    {
        var e = new FieldErrors();
        var n = 7;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > 365))
            e.Add("days", $"days is a whole number of days from 1 to 365, not '{days}'.");
        if (kind is not null and not ("pm" or "callback"))
            e.Add("kind", $"kind is pm or callback, not '{kind}'.");
        Guid? customer = null;
        if (customerId is not null)
        {
            if (Guid.TryParse(customerId, out var c))
                customer = c;
            else
                e.Add("customerId", $"'{customerId}' is not a customer id.");
        }
        var p = e.Range("page", page, 1, 100_000, 1);
        var size = e.Range("pageSize", pageSize, 1, Lists.MaxPageSize, Lists.DefaultPageSize);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var until = today.AddDays(n);
        var untilAt = now.AddDays(n);
        var take = p * size;
        var sources = new List<(int Total, List<ReminderView> Items)>();
        if (kind is null or "pm")
            sources.Add(await PlansAsync(db, until, today, customer, take, ct));
        if (kind is null or "callback")
        {
            sources.Add(await OpenCallbacksAsync(db, untilAt, now, customer, take, ct));
            sources.Add(await FlowCallbacksAsync(db, untilAt, now, customer, take, ct));
            var after = TimeSpan.FromDays(options.Value.CallbackAfterDays);
            sources.Add(await SweepCallbacksAsync(db, after, now - after - TimeSpan.FromDays(options.Value.RevisitWindowDays), untilAt - after, now,
                customer, take, ct));
        }
        var items = sources.SelectMany(s => s.Items).OrderBy(r => r.DueDate).ThenBy(r => r.DueAt).ThenBy(r => r.RequestNumber)
            .Skip((p - 1) * size).Take(size).ToList();
        return TypedResults.Ok(new ReminderPage(n, until, items, p, size, sources.Sum(s => s.Total)));
    }

    /// <summary>Active plans whose next visit falls due by then within their contract, with the request the PM job opened for it.</summary>
    private static async Task<(int, List<ReminderView>)> PlansAsync(DbContext db, DateOnly until, DateOnly today, Guid? customer, int take,
        CancellationToken ct)
    {
        var query = from plan in db.Set<PmPlan>().AsNoTracking()
                    join contract in db.Set<ServiceContract>() on plan.ContractId equals contract.Id
                    where plan.Active && plan.NextDueDate <= until && contract.EndDate >= plan.NextDueDate
                          && (customer == null || contract.CustomerId == customer)
                    select new { plan, contract };
        var total = await query.CountAsync(ct);
        var rows = await (from x in query.OrderBy(x => x.plan.NextDueDate).ThenBy(x => x.plan.Id).Take(take)
                          join c in db.Set<Customer>() on x.contract.CustomerId equals c.Id
                          from product in db.Set<InstalledProduct>().Where(ip => ip.Id == x.plan.InstalledProductId).DefaultIfEmpty()
                          from o in db.Set<PmOccurrence>().Where(o => o.PlanId == x.plan.Id && o.DueDate == x.plan.NextDueDate).DefaultIfEmpty()
                          from r in db.Set<ServiceRequest>().Where(r => o != null && r.Id == o.ServiceRequestId).DefaultIfEmpty()
                          select new
                          {
                              x.plan.Id,
                              x.plan.NextDueDate,
                              x.plan.InstalledProductId,
                              x.contract.CustomerId,
                              CustomerName = c.Name,
                              ContractId = x.contract.Id,
                              x.contract.Code,
                              Serial = product == null ? null : product.SerialNumber,
                              RequestId = r == null ? (Guid?)null : r.Id,
                              RequestNumber = r == null ? null : r.Number,
                          }).ToListAsync(ct);
        return (total, rows.Select(x => new ReminderView("pm", "plan", x.NextDueDate, null, x.NextDueDate < today, x.CustomerId, x.CustomerName,
            x.RequestId, x.RequestNumber, x.Id, x.ContractId, x.Code, x.InstalledProductId, x.Serial, null)).ToList());
    }

    /// <summary>Callbacks in progress (an agent's call open) scheduled by then.</summary>
    private static async Task<(int, List<ReminderView>)> OpenCallbacksAsync(DbContext db, DateTimeOffset until, DateTimeOffset now, Guid? customer,
        int take, CancellationToken ct)
    {
        var query = db.Set<Callback>().AsNoTracking().Where(c => c.Status == HandlingStatus.InProgress && c.ScheduledFor <= until
                                                                  && (customer == null || c.CustomerId == customer));
        var total = await query.CountAsync(ct);
        var rows = await (from cb in query.OrderBy(c => c.ScheduledFor).Take(take)
                          join c in db.Set<Customer>() on cb.CustomerId equals c.Id
                          from r in db.Set<ServiceRequest>().Where(r => r.Id == cb.ServiceRequestId).DefaultIfEmpty()
                          select new { cb.Id, cb.ScheduledFor, cb.CustomerId, c.Name, RequestId = (Guid?)r.Id, RequestNumber = r.Number, r.InstalledProductId })
            .ToListAsync(ct);
        return (total, rows.Select(x => Callback("callback", x.ScheduledFor!.Value, now, x.CustomerId, x.Name, x.RequestId, x.RequestNumber,
            x.InstalledProductId, x.Id)).ToList());
    }

    /// <summary>The CallbackSurvey timers of running flows (published or retired versions) due by then.</summary>
    private static async Task<(int, List<ReminderView>)> FlowCallbacksAsync(DbContext db, DateTimeOffset until, DateTimeOffset now, Guid? customer,
        int take, CancellationToken ct)
    {
        var surveys = await SurveyActivitiesAsync(db, ct);
        if (surveys.Count == 0)
            return (0, []);
        var activityIds = surveys.Select(s => s.Item3).Distinct().ToList();
        var timers = from b in db.Set<BookmarkRecord>().AsNoTracking()
                     join i in db.Set<InstanceRecord>() on b.InstanceId equals i.Id
                     where b.Name == "Timer" && b.FiredAt == null && b.DueAt <= until && activityIds.Contains(b.ActivityId)
                     select new { b.InstanceId, b.ActivityId, b.DueAt, i.DefinitionId, i.DefinitionVersion };
        // the request's own flow, or the revisit flow the sweep started for it
        var own = from t in timers
                  join r in db.Set<ServiceRequest>() on (Guid?)t.InstanceId equals r.InstanceId
                  select new { t.ActivityId, t.DueAt, t.DefinitionId, t.DefinitionVersion, r.Id, r.Number, r.CustomerId, r.InstalledProductId };
        var revisits = from t in timers
                       join v in db.Set<Revisit>() on t.InstanceId equals v.InstanceId
                       join r in db.Set<ServiceRequest>() on v.ServiceRequestId equals r.Id
                       select new { t.ActivityId, t.DueAt, t.DefinitionId, t.DefinitionVersion, r.Id, r.Number, r.CustomerId, r.InstalledProductId };
        var query = own.Concat(revisits).Where(x => customer == null || x.CustomerId == customer);
        // the activity ids narrow it in the database; the exact (flow, version, activity) is checked here
        var rows = (await (from x in query.OrderBy(x => x.DueAt).Take(take + 200)
                           join c in db.Set<Customer>() on x.CustomerId equals c.Id
                           select new { x, c.Name }).ToListAsync(ct))
            .Where(x => surveys.Contains((x.x.DefinitionId, x.x.DefinitionVersion, x.x.ActivityId))).Take(take).ToList();
        var total = rows.Count < take ? rows.Count : await query.CountAsync(ct);
        return (total, rows.Select(x => Callback("flow", x.x.DueAt!.Value, now, x.x.CustomerId, x.Name, x.x.Id, x.x.Number,
            x.x.InstalledProductId, null)).ToList());
    }

    /// <summary>Closed requests the revisit sweep will start a callback for by then (closed without one, no flow running).</summary>
    private static async Task<(int, List<ReminderView>)> SweepCallbacksAsync(DbContext db, TimeSpan after, DateTimeOffset closedAfter,
        DateTimeOffset closedBefore, DateTimeOffset now, Guid? customer, int take, CancellationToken ct)
    {
        var query = RevisitSweep.Awaiting(db, closedAfter, closedBefore).Where(r => customer == null || r.CustomerId == customer);
        var total = await query.CountAsync(ct);
        var rows = await (from r in query.OrderBy(r => r.ResolvedAt).Take(take)
                          join c in db.Set<Customer>() on r.CustomerId equals c.Id
                          select new { r.Id, r.Number, r.ResolvedAt, r.CustomerId, c.Name, r.InstalledProductId }).ToListAsync(ct);
        return (total, rows.Select(x => Callback("sweep", x.ResolvedAt!.Value + after, now, x.CustomerId, x.Name, x.Id, x.Number,
            x.InstalledProductId, null)).ToList());
    }

    private static ReminderView Callback(string source, DateTimeOffset dueAt, DateTimeOffset now, Guid customerId, string? customerName,
        Guid? requestId, string? number, Guid? productId, Guid? callbackId) =>
        new("callback", source, DateOnly.FromDateTime(dueAt.UtcDateTime), dueAt, dueAt < now, customerId, customerName, requestId, number,
            null, null, null, productId, null, callbackId);

    /// <summary>(flow, version, activity id) of every CallbackSurvey in a published or retired flow version.</summary>
    private static async Task<HashSet<(string, int, string)>> SurveyActivitiesAsync(DbContext db, CancellationToken ct)
    {
        var versions = await db.Set<DefinitionRecord>().AsNoTracking()
            .Where(d => d.Status != DefinitionStatus.Draft && d.Content.Contains("\"CallbackSurvey\""))
            .Select(d => new { d.DefinitionId, d.Version, d.Content }).ToListAsync(ct);
        var surveys = new HashSet<(string, int, string)>();
        foreach (var v in versions)
        {
            if (JsonNode.Parse(v.Content)?["activities"] is not JsonArray activities)
                continue;
            foreach (var a in activities)
            {
                if (a?["type"]?.GetValue<string>() == "CallbackSurvey" && a["id"]?.GetValue<string>() is { } id)
                    surveys.Add((v.DefinitionId, v.Version, id));
            }
        }
        return surveys;
    }
}
