using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Warranty;
using Orchestrator.EngineHost.Features.Instances;
using Orchestrator.EngineHost.Features.Sla;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>Everything an agent needs beside the task's form, in one answer.</summary>
public sealed record TaskDetailView(InboxRow Task, TaskRequestView? Request, TaskCustomerView? Customer, TaskProductView? Product,
    RequestSlaView? Sla, IReadOnlyList<LogEntry> History, IReadOnlyList<KnowledgeHit> Suggestions, IReadOnlyList<TaskComment> Comments);

public sealed record TaskRequestView(Guid Id, string Number, string Type, string Status, string Priority, string Channel, string Symptom,
    string? Region, string? ContactName, string? ContactPhone, DateTimeOffset OpenedAt, DateTimeOffset? FirstResponseDue,
    DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue, Money PartsCost, Money LabourCost, Money TravelCost, Money TotalCost,
    string? Resolution);

public sealed record RequestSummaryView(Guid Id, string Number, string Type, string Status, string Symptom, DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt, string? Resolution);

public sealed record TaskCustomerView(Guid Id, string Code, string Name, string Kind, string Tier, string? Phone, string? Email,
    IReadOnlyList<CustomerContact> Contacts, IReadOnlyList<RequestSummaryView> EarlierRequests);

/// <param name="Source"><c>request</c>: what CheckWarranty decided for this request; <c>today</c>: evaluated now, the request has no decision yet.</param>
public sealed record TaskWarrantyView(string Remedy, string? Reason, DateOnly WarrantyEnd, string Source);

public sealed record TaskProductView(Guid Id, string SerialNumber, string? ModelName, string? ProductLine, DateOnly SaleDate,
    DateOnly WarrantyEnd, string? SiteAddress, TaskWarrantyView Warranty, IReadOnlyList<RequestSummaryView> ServiceHistory);

/// <summary>
/// <c>GET /api/tasks/{id}/detail</c>: the task, its service request with the customer (contacts, earlier requests), the
/// installed product (warranty decision, service history), the SLA with its clock explained, the instance's path so far,
/// knowledge-base suggestions for the symptom (best first) and the comments. Opening it marks the task read for the caller.
/// </summary>
internal static class TaskDetail
{
    public const int HistoryLimit = 20;

    public static void MapTaskDetail(this RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/detail", GetAsync)
            .WithSummary("The task with its request, customer, product and warranty, SLA explained, flow history, knowledge suggestions, comments; marks it read");

    private static async Task<Results<Ok<TaskDetailView>, ProblemHttpResult>> GetAsync(Guid id, DbContext db, ClaimsPrincipal principal,
        TimeProvider clock, SlaPolicyStore slaStore, KnowledgeSearch knowledge, CancellationToken ct)
    {
        var user = InboxUser.From(principal);
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !(user.ReadsAll || user.MaySee(task)))
            return Problems.NotFound($"No task has the id {id}.");
        var now = clock.GetUtcNow();
        await InboxRows.MarkReadAsync(db, user.Name, id, task.Version, now, ct);
        var request = await InboxRows.RequestOfAsync(db, task.InstanceId, ct);
        var row = await InboxRows.OneAsync(db, task, user.Name, now, ct);

        var history = await db.Set<ExecutionLogRecord>().AsNoTracking().Where(l => l.InstanceId == task.InstanceId).OrderBy(l => l.Sequence)
            .Select(l => new LogEntry(l.Sequence, l.ActivityId, l.ActivityType, l.Event, l.Outcome, l.At, l.DurationMs, l.Stimulus, l.Message))
            .ToListAsync(ct);
        var comments = await Comments.OfTaskAsync(db, task, request, user.Name, markRead: false, ct); // the thread's own read marks it
        if (request is null)
            return TypedResults.Ok(new TaskDetailView(row, null, null, null, null, history, [], comments));

        var customer = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.CustomerId, ct);
        var product = request.InstalledProductId is { } pid ? await db.Set<InstalledProduct>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var sla = await RequestSlaEndpoints.ViewAsync(db, slaStore, request, now, ct);
        var suggestions = string.IsNullOrWhiteSpace(request.Symptom)
            ? []
            : await knowledge.SearchAsync(db, request.Symptom, 5, request.ProductLine, ct);
        return TypedResults.Ok(new TaskDetailView(row, RequestView(request),
            customer is null ? null : await CustomerViewAsync(db, customer, request.Id, ct),
            product is null ? null : await ProductViewAsync(db, product, request, now, ct),
            sla, history, suggestions, comments));
    }

    private static TaskRequestView RequestView(ServiceRequest r) => new(r.Id, r.Number, r.Type.ToString(), r.Status.ToString(),
        r.Priority.ToString(), r.Channel.ToString(), r.Symptom, r.Region, r.ContactName, r.ContactPhone, r.OpenedAt, r.FirstResponseDue,
        r.OnSiteDue, r.ResolutionDue, r.PartsCost, r.LabourCost, r.TravelCost, r.TotalCost, r.Resolution);

    private static async Task<TaskCustomerView> CustomerViewAsync(DbContext db, Customer c, Guid requestId, CancellationToken ct)
    {
        var earlier = await Summaries(db.Set<ServiceRequest>().AsNoTracking().Where(r => r.CustomerId == c.Id && r.Id != requestId), ct);
        return new TaskCustomerView(c.Id, c.Code, c.Name, c.Kind.ToString(), c.Tier.ToString(), c.Phone, c.Email, c.Contacts, earlier);
    }

    private static async Task<TaskProductView> ProductViewAsync(DbContext db, InstalledProduct p, ServiceRequest request, DateTimeOffset now,
        CancellationToken ct)
    {
        var model = await db.Set<ProductModel>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == p.ModelId, ct);
        TaskWarrantyView warranty;
        if (request.WarrantyRemedy is { } remedy)
            warranty = new TaskWarrantyView(remedy.ToString(), request.WarrantyReason, p.WarrantyEnd, "request");
        else
        {
            var contract = p.ContractId is { } contractId
                ? await db.Set<ServiceContract>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, ct)
                : null;
            var decision = WarrantyEvaluator.Evaluate(p.Facts(model?.WarrantyMonths ?? WarrantyFacts.DefaultWarrantyMonths,
                contract?.WarrantyCoverageEnd), DateOnly.FromDateTime(now.UtcDateTime));
            warranty = new TaskWarrantyView(decision.Remedy.ToString(), decision.Reason, decision.WarrantyEnd, "today");
        }
        var history = await Summaries(db.Set<ServiceRequest>().AsNoTracking().Where(r => r.InstalledProductId == p.Id && r.Id != request.Id), ct);
        return new TaskProductView(p.Id, p.SerialNumber, model?.Name, p.ProductLine ?? model?.ProductLine, p.SaleDate, p.WarrantyEnd,
            p.SiteAddress, warranty, history);
    }

    private static async Task<IReadOnlyList<RequestSummaryView>> Summaries(IQueryable<ServiceRequest> requests, CancellationToken ct) =>
        (await requests.OrderByDescending(r => r.OpenedAt).Take(HistoryLimit).ToListAsync(ct))
        .Select(r => new RequestSummaryView(r.Id, r.Number, r.Type.ToString(), r.Status.ToString(), r.Symptom, r.OpenedAt, r.ResolvedAt, r.Resolution))
        .ToList();
}
