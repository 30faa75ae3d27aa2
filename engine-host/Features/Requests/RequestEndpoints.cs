using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Features.Tasks;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Requests;

public sealed record RequestCosts(decimal Parts, decimal Labour, decimal Travel, decimal Total);

public sealed record RequestSlaView(string? PolicyId, int? Version, string? RuleId, DateTimeOffset? FirstResponseDue, DateTimeOffset? OnSiteDue,
    DateTimeOffset? ResolutionDue);

public sealed record RequestWarrantyView(string? Remedy, string? Reason);

public sealed record RequestInstanceView(Guid Id, string DefinitionId, int DefinitionVersion, string Status);

public sealed record OpenTaskView(Guid Id, string Kind, string Title, string? Assignee, string? Role, DateTimeOffset? DueAt, string StatusUrl);

/// <summary>A task of the request that is done: who did it, with which outcome, when.</summary>
/// <param name="Kind"><c>task</c> (a person's task in the flow) or <c>field-task</c> (a technician's visit).</param>
/// <param name="Status">A task's <c>Completed</c> / <c>Cancelled</c>; a visit's <c>Completed</c>, <c>NeedsParts</c>, <c>NobodyHome</c>, <c>Failed</c>, <c>Cancelled</c>.</param>
/// <param name="CompletedBy">The username (a task) or technician code (a visit) who completed it; null when cancelled by the flow.</param>
/// <param name="CompletedByName">Their display name.</param>
public sealed record DoneTaskView(Guid Id, string Kind, string Title, string Status, string? Outcome, string? CompletedBy, string? CompletedByName,
    DateTimeOffset? CompletedAt, string StatusUrl);

public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, JsonNode? Changes);

/// <summary>A service request as its customer, agent or integrator follows it.</summary>
public sealed record RequestDetail(Guid Id, string Number, string? ExternalId, string Type, string Status, string Priority, string Channel,
    string Symptom, Guid CustomerId, string? CustomerName, string? SerialNumber, string? Region, DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt, string? Resolution, bool Audited, DateTimeOffset? AuditedAt, Guid? RelatedRequestId,
    RequestWarrantyView Warranty, RequestSlaView Sla, RequestCosts Costs, RequestInstanceView? Instance, IReadOnlyList<OpenTaskView> OpenTasks,
    IReadOnlyList<HistoryEntry> History, IReadOnlyList<DoneTaskView> DoneTasks);

internal static class RequestEndpoints
{
    public static IEndpointRouteBuilder MapRequests(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/requests").WithTags("Requests");
        group.MapPost("/", OpenAsync).Produces<AcceptedServiceRequest>(202).ProducesValidationProblem().ProducesProblem(422)
            .WithSummary("Open a service request and start the flow for its type, in one commit; 202 with the request and its instance. "
                + "A repeated externalId gets the first answer");
        group.MapGet("/{key}", GetAsync).Produces<RequestDetail>().ProducesProblem(404)
            .WithSummary("A request by id or SR number: status, type, warranty, SLA version and due times, costs, instance, open tasks, "
                + "tasks done (who, outcome, when), history");
        group.MapRequestComments();
        group.MapRequestAttachments();
        group.MapPost("/{key}/withdraw", RequestWithdrawal.WithdrawEndpointAsync).Produces<WithdrawnRequest>(202).ProducesValidationProblem()
            .ProducesProblem(404).ProducesProblem(409)
            .WithSummary("The customer withdraws the request (by id, SR number or externalId): it is cancelled with the reason, its open RMAs "
                + "are closed and its flow is cancelled — tasks, visits, timers and waits withdrawn — in one commit");
        return app;
    }

    private static async Task<IResult> OpenAsync(NewServiceRequest body, RequestIntake intake, CancellationToken ct) =>
        await intake.OpenAsync(body, RequestChannel.Phone, ct) switch
        {
            IntakeResult.Accepted a => TypedResults.Accepted(a.Answer.StatusUrl, a.Answer),
            IntakeResult.Invalid i => Problems.Invalid(i.Errors),
            IntakeResult.Unprocessable u => Problems.Unprocessable("The request cannot be opened", u.Message,
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [u.Field] = [u.Message] } }),
            IntakeResult.Conflict c => Problems.Conflict(c.Message),
            _ => throw new InvalidOperationException(),
        };

    private static async Task<IResult> GetAsync(string key, DbContext db, CancellationToken ct)
    {
        var query = db.Set<ServiceRequest>().AsNoTracking();
        var r = Guid.TryParse(key, out var id)
            ? await query.FirstOrDefaultAsync(x => x.Id == id, ct)
            : await query.FirstOrDefaultAsync(x => x.Number == key.ToUpperInvariant(), ct);
        if (r is null)
            return Problems.NotFound($"No service request has the id or number '{key}'.");
        var customer = await db.Set<Customer>().AsNoTracking().Where(c => c.Id == r.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        var serial = r.InstalledProductId is { } pid
            ? await db.Set<InstalledProduct>().AsNoTracking().Where(p => p.Id == pid).Select(p => p.SerialNumber).FirstOrDefaultAsync(ct)
            : null;
        RequestInstanceView? instance = null;
        var open = new List<OpenTaskView>();
        var done = new List<DoneTaskView>();
        if (r.InstanceId is { } iid)
        {
            var finished = await db.Set<HumanTaskRecord>().AsNoTracking()
                .Where(t => t.InstanceId == iid && t.Status != HumanTaskStatus.Open).OrderBy(t => t.CompletedAt).ThenBy(t => t.Id).ToListAsync(ct);
            var usernames = finished.Select(t => t.CompletedBy).OfType<string>().Distinct().ToList();
            var names = usernames.Count == 0
                ? []
                : await db.Set<UserRecord>().AsNoTracking().Where(u => usernames.Contains(u.Username)).ToDictionaryAsync(u => u.Username, u => u.DisplayName, ct);
            done.AddRange(finished.Select(t => new DoneTaskView(t.Id, "task", t.Title, t.Status.ToString(), t.Outcome, t.CompletedBy,
                t.CompletedBy is { } by ? names.GetValueOrDefault(by, by) : null, t.CompletedAt, $"/api/tasks/{t.Id}")));
            instance = await db.Set<InstanceRecord>().AsNoTracking().Where(i => i.Id == iid)
                .Select(i => new RequestInstanceView(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status.ToString())).FirstOrDefaultAsync(ct);
            open.AddRange((await db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.InstanceId == iid && t.Status == HumanTaskStatus.Open)
                    .ToListAsync(ct))
                .Select(t => new OpenTaskView(t.Id, "task", t.Title, t.Assignee, t.Role, t.DueAt, $"/api/tasks/{t.Id}")));
        }
        var visits = await db.Set<FieldTask>().AsNoTracking()
            .Where(t => t.ServiceRequestId == r.Id && (t.Status == FieldTaskStatus.Scheduled || t.Status == FieldTaskStatus.EnRoute
                || t.Status == FieldTaskStatus.OnSite)).ToListAsync(ct);
        open.AddRange(visits.Select(t => new OpenTaskView(t.Id, "field-task", $"Visit {t.AppointmentStart:u} – {t.AppointmentEnd:u}",
            t.TechnicianId.ToString(), null, t.AppointmentEnd, $"/api/field-tasks/{t.Id}")));
        var reported = await (from t in db.Set<FieldTask>().AsNoTracking()
                              join tech in db.Set<TechnicianRecord>() on t.TechnicianId equals tech.Id into techs
                              from tech in techs.DefaultIfEmpty()
                              where t.ServiceRequestId == r.Id && t.Status != FieldTaskStatus.Scheduled && t.Status != FieldTaskStatus.EnRoute
                                    && t.Status != FieldTaskStatus.OnSite
                              select new { t.Id, t.Status, t.AppointmentStart, t.AppointmentEnd, t.CompletedAt, t.UpdatedAt, Code = tech.Code, Name = tech.Name })
            .ToListAsync(ct);
        done.AddRange(reported.Select(t => new DoneTaskView(t.Id, "field-task", $"Visit {t.AppointmentStart:u} – {t.AppointmentEnd:u}", t.Status.ToString(),
            t.Status == FieldTaskStatus.Cancelled ? null : t.Status.ToString(), t.Status == FieldTaskStatus.Cancelled ? null : t.Code,
            t.Status == FieldTaskStatus.Cancelled ? null : t.Name, t.CompletedAt ?? t.UpdatedAt, $"/api/field-tasks/{t.Id}")));
        done.Sort((a, b) => Nullable.Compare(a.CompletedAt, b.CompletedAt));
        var entityId = r.Id.ToString();
        var history = (await db.Set<AuditEntry>().AsNoTracking().Where(a => a.EntityType == nameof(ServiceRequest) && a.EntityId == entityId)
                .ToListAsync(ct))
            .OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new HistoryEntry(a.At, a.Actor, a.Action.ToString(), JsonNode.Parse(a.Changes))).ToList();
        return TypedResults.Ok(new RequestDetail(r.Id, r.Number, r.ExternalId, r.Type.ToString(), r.Status.ToString(), r.Priority.ToString(),
            r.Channel.ToString(), r.Symptom, r.CustomerId, customer, serial, r.Region, r.OpenedAt, r.ResolvedAt, r.Resolution,
            r.AuditedAt is not null, r.AuditedAt, r.RelatedRequestId, new RequestWarrantyView(r.WarrantyRemedy?.ToString(), r.WarrantyReason),
            new RequestSlaView(r.SlaPolicyId, r.SlaPolicyVersion, r.SlaRuleId, r.FirstResponseDue, r.OnSiteDue, r.ResolutionDue),
            new RequestCosts(r.PartsCost.Yuan, r.LabourCost.Yuan, r.TravelCost.Yuan, r.TotalCost.Yuan), instance, open, history, done));
    }
}
