using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Workspace;

public sealed record VanPart(string PartNumber, string Name, decimal UnitPrice, int OnHand, int Available);

/// <param name="InVan">How many the technician's van holds now.</param>
public sealed record PartToBring(string PartNumber, string Name, int InVan);

/// <param name="DueAt">When the technician must be on site by the request's SLA (the field task's due time).</param>
public sealed record MyDayTask(Guid Id, string Status, DateTimeOffset? AppointmentStart, DateTimeOffset? AppointmentEnd, DateTimeOffset? DueAt,
    DateTimeOffset? ArrivedAt, DateTimeOffset? CompletedAt, Guid RequestId, string RequestNumber, string RequestType, string Priority, string Symptom,
    string CustomerName, string? CustomerPhone, string? Address, string? SerialNumber, string? ModelCode, string? ModelName,
    IReadOnlyList<PartToBring> Bring);

public sealed record MyDay(string TechnicianCode, string TechnicianName, DateOnly Date, string TimeZone, IReadOnlyList<MyDayTask> Tasks,
    IReadOnlyList<VanPart> Van);

public sealed record FieldTaskMoved(Guid Id, string Status, DateTimeOffset? ArrivedAt);

/// <summary>
/// The technician's day: today's field tasks in appointment order with their SLA on-site due time and what the visit
/// needs, the van's stock, and the moves before the report (start travel, arrive on site).
/// </summary>
internal static class MyDayEndpoints
{
    public static IEndpointRouteBuilder MapMyDay(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/my-day", GetAsync).WithTags("Field tasks").Produces<MyDay>().ProducesValidationProblem()
            .WithSummary("A technician's field tasks of a day (date=yyyy-mm-dd in the user's time zone, default today) in appointment order, "
                + "with customer, address, product, the model's spare parts and the van's stock. A technician sees their own; "
                + "others name one with technician=CODE");
        app.MapPost("/api/field-tasks/{id:guid}/start-travel", (Guid id, DbContext db, TimeProvider clock, ClaimsPrincipal user,
                IServiceProvider services, CancellationToken ct) => MoveAsync(id, FieldTaskStatus.EnRoute, db, clock, user, services, ct))
            .WithTags("Field tasks").Produces<FieldTaskMoved>().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("The technician sets off to a scheduled visit (EnRoute)");
        app.MapPost("/api/field-tasks/{id:guid}/arrive", (Guid id, DbContext db, TimeProvider clock, ClaimsPrincipal user,
                IServiceProvider services, CancellationToken ct) => MoveAsync(id, FieldTaskStatus.OnSite, db, clock, user, services, ct))
            .WithTags("Field tasks").Produces<FieldTaskMoved>().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("The technician is on site (OnSite): the request's on-site SLA target is met now");
        return app;
    }

    private static async Task<IResult> GetAsync(string? date, string? technician, ClaimsPrincipal user, DbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var code = user.FindFirst(OrchestratorClaims.Technician)?.Value;
        if (!string.IsNullOrWhiteSpace(technician))
        {
            if (code is not null && !string.Equals(code, technician.Trim(), StringComparison.OrdinalIgnoreCase)
                && !user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Supervisor))
                return Problems.Invalid("technician", "A technician sees their own day.");
            code = technician.Trim();
        }
        if (code is null)
            return Problems.Invalid("technician", "You are not linked to a technician: name one with technician=CODE.");
        var tech = await db.Set<TechnicianRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Code == code, ct);
        if (tech is null)
            return Problems.Invalid("technician", $"No technician has the code '{code}'.");
        var zoneId = user.FindFirst(OrchestratorClaims.TimeZone)?.Value ?? "Asia/Shanghai";
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var day = today;
        if (!string.IsNullOrWhiteSpace(date)
            && !DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            return Problems.Invalid("date", $"'{date}' is not a date: use yyyy-mm-dd.");
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
        var to = from.AddDays(1);

        // the day's visits, and on today's list also the ones still open from earlier days
        var tasks = await db.Set<FieldTask>().AsNoTracking()
            .Where(t => t.TechnicianId == tech.Id && ((t.AppointmentStart >= from && t.AppointmentStart < to)
                || (day == today && t.AppointmentStart < from && (t.Status == FieldTaskStatus.Scheduled || t.Status == FieldTaskStatus.EnRoute
                    || t.Status == FieldTaskStatus.OnSite))))
            .Where(t => t.Status != FieldTaskStatus.Cancelled)
            .ToListAsync(ct);
        var requestIds = tasks.Select(t => t.ServiceRequestId).Distinct().ToList();
        var requests = await db.Set<ServiceRequest>().AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var customerIds = requests.Values.Select(r => r.CustomerId).Distinct().ToList();
        var customers = await db.Set<Customer>().AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var productIds = requests.Values.Select(r => r.InstalledProductId).OfType<Guid>().Distinct().ToList();
        var products = await db.Set<InstalledProduct>().AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var modelIds = products.Values.Select(p => p.ModelId).Distinct().ToList();
        var models = await db.Set<ProductModel>().AsNoTracking().Where(m => modelIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var van = await VanAsync(db, code, ct);
        var spare = models.Values.SelectMany(m => m.SpareParts).Distinct().ToList();
        var names = await db.Set<PartRecord>().AsNoTracking().Where(p => spare.Contains(p.PartNumber))
            .ToDictionaryAsync(p => p.PartNumber, p => p.Name, ct);

        var rows = tasks.OrderBy(t => t.AppointmentStart ?? DateTimeOffset.MaxValue).ThenBy(t => t.Id).Select(t =>
        {
            var r = requests[t.ServiceRequestId];
            var c = customers.GetValueOrDefault(r.CustomerId);
            var p = r.InstalledProductId is { } pid ? products.GetValueOrDefault(pid) : null;
            var m = p is null ? null : models.GetValueOrDefault(p.ModelId);
            var address = p?.SiteAddress ?? c?.Addresses.FirstOrDefault(a => a.Default)?.Line ?? c?.Addresses.FirstOrDefault()?.Line;
            var bring = (m?.SpareParts ?? []).Select(n => new PartToBring(n, names.GetValueOrDefault(n, n),
                van.FirstOrDefault(v => v.PartNumber == n)?.OnHand ?? 0)).ToList();
            return new MyDayTask(t.Id, t.Status.ToString(), t.AppointmentStart, t.AppointmentEnd, t.DueAt, t.ArrivedAt, t.CompletedAt, r.Id,
                r.Number, r.Type.ToString(), r.Priority.ToString(), r.Symptom, c?.Name ?? "", r.ContactPhone ?? c?.Phone, address, p?.SerialNumber,
                m?.ModelCode, m?.Name, bring);
        }).ToList();
        return TypedResults.Ok(new MyDay(tech.Code, tech.Name, day, zone.Id, rows, van));
    }

    public static async Task<List<VanPart>> VanAsync(DbContext db, string technicianCode, CancellationToken ct) =>
        (await (from s in db.Set<StockPositionRecord>().AsNoTracking()
                join p in db.Set<PartRecord>().AsNoTracking() on s.PartNumber equals p.PartNumber
                where s.LocationKind == StockLocationKind.Van && s.LocationId == technicianCode && s.OnHand > 0
                orderby s.PartNumber
                select new { s.PartNumber, p.Name, p.UnitPrice, s.OnHand, s.Reserved }).ToListAsync(ct))
        .Select(x => new VanPart(x.PartNumber, x.Name, x.UnitPrice.Yuan, x.OnHand, x.OnHand - x.Reserved)).ToList();

    private static async Task<IResult> MoveAsync(Guid id, FieldTaskStatus to, DbContext db, TimeProvider clock, ClaimsPrincipal user,
        IServiceProvider services, CancellationToken ct)
    {
        var task = await db.Set<FieldTask>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
            return Problems.NotFound($"No field task has the id {id}.");
        if (await NotTheirsAsync(db, user, task, ct))
            return NotTheirs();
        var allowed = to == FieldTaskStatus.EnRoute
            ? task.Status is FieldTaskStatus.Scheduled or FieldTaskStatus.EnRoute
            : task.Status is FieldTaskStatus.Scheduled or FieldTaskStatus.EnRoute or FieldTaskStatus.OnSite;
        if (!allowed)
            return Problems.Conflict($"The visit is {task.Status}: it cannot move to {to}.", new Dictionary<string, object?> { ["status"] = task.Status.ToString() });
        var now = clock.GetUtcNow();
        if (task.Status != to)
        {
            task.Status = to;
            if (to == FieldTaskStatus.OnSite)
            {
                task.ArrivedAt ??= now;
                var request = await db.Set<ServiceRequest>().FirstAsync(r => r.Id == task.ServiceRequestId, ct);
                if (request.AuditedAt is null && !RequestSla.Done.Contains(request.Status))
                {
                    request.FirstRespondedAt ??= now;
                    request.ArrivedAt ??= now;
                    if (request.Status is ServiceRequestStatus.Pending or ServiceRequestStatus.Dispatched)
                        RequestWork.SetStatus(request, ServiceRequestStatus.InProgress, now);
                    RequestSla.RecordStatus(db, request, now, services.GetRequiredService<IAuditActor>().Name);
                    await RequestSla.RecomputeAsync(db, services.GetRequiredService<SlaPolicyStore>(), request, ct);
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.Conflict("The visit changed at the same moment; load it again.");
            }
        }
        return TypedResults.Ok(new FieldTaskMoved(task.Id, task.Status.ToString(), task.ArrivedAt));
    }

    /// <summary>A user linked to a technician (and not staff) moves and reports only their own visits.</summary>
    public static async Task<bool> NotTheirsAsync(DbContext db, ClaimsPrincipal user, FieldTask task, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Agent))
            return false;
        var code = user.FindFirst(OrchestratorClaims.Technician)?.Value;
        return code is not null && !await db.Set<TechnicianRecord>().AnyAsync(t => t.Id == task.TechnicianId && t.Code == code, ct);
    }

    public static IResult NotTheirs() =>
        TypedResults.Problem("This visit is another technician's.", statusCode: 403, title: "Forbidden", type: ProblemTypes.For(403));
}
