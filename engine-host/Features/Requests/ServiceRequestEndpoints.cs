using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.Domain.Warranty;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Requests;

/// <param name="Type">Installation, InWarrantyRepair, OutOfWarrantyRepair, Complaint, Return, PreventiveMaintenance; for a repair of
/// a registered product leave it out and the product's warranty status decides.</param>
/// <param name="PartsCost">Yuan, at most two decimals; likewise labour and travel.</param>
/// <param name="KnowledgeArticleId">The article that solved it (KB-…): resolving the request counts a use of it. Resolved
/// without one, the resolution is proposed as a draft article unless an article already covers it.</param>
public sealed record ServiceRequestInput(string? Type, string? Channel, Guid? CustomerId, Guid? InstalledProductId, string? Symptom,
    string? Priority, string? Status, string? Region, string? ContactName, string? ContactPhone, Guid? TeamId, Guid? AssigneeId,
    DateTimeOffset? OpenedAt, DateTimeOffset? WorkStartedAt, DateTimeOffset? ResolvedAt, string? Resolution, decimal? PartsCost,
    decimal? LabourCost, decimal? TravelCost, Guid? InstanceId, DateTimeOffset? FirstRespondedAt = null, DateTimeOffset? ArrivedAt = null,
    string? KnowledgeArticleId = null);

internal static class ServiceRequestEndpoints
{
    public static readonly RecordApi<ServiceRequest, ServiceRequestInput> Api = new()
    {
        Route = "service-requests",
        Tag = "Service requests",
        Noun = "service request",
        FindBy = GuidKeys.FindBy<ServiceRequest>(number => r => r.Number == number.ToUpperInvariant()),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Enum<ServiceRequest, ServiceRequestStatus>("status", r => r.Status),
            Lists.Enum<ServiceRequest, ServiceRequestType>("type", r => r.Type),
            Lists.Enum<ServiceRequest, RequestPriority>("priority", r => r.Priority),
            Lists.Id<ServiceRequest>("customerId", r => r.CustomerId),
            Lists.Id<ServiceRequest>("installedProductId", r => r.InstalledProductId),
            Lists.Id<ServiceRequest>("teamId", r => r.TeamId),
            Lists.Id<ServiceRequest>("assigneeId", r => r.AssigneeId),
            Lists.Id<ServiceRequest>("instanceId", r => r.InstanceId),
            Lists.Text<ServiceRequest>("number", r => r.Number),
            .. Lists.TimeRange<ServiceRequest>("opened", r => r.OpenedAt),
        ],
        Sorts =
        [
            Lists.Sort<ServiceRequest, DateTimeOffset>("openedAt", r => r.OpenedAt),
            Lists.Sort<ServiceRequest, string>("number", r => r.Number),
            Lists.Sort<ServiceRequest, DateTimeOffset?>("resolutionDue", r => r.ResolutionDue),
        ],
        Unique = [new("number", r => x => x.Number == r.Number && x.Id != r.Id, r => $"Number {r.Number} is taken.")],
    };

    public static IEndpointRouteBuilder MapServiceRequests(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api).MapAuditLock(Api);
        return app;
    }

    private static async Task<ServiceRequest?> ApplyAsync(RecordContext c, ServiceRequestInput i, ServiceRequest? request)
    {
        var e = c.Errors;
        var customer = await c.Required<Customer>("customerId", i.CustomerId);
        var product = await c.Reference<InstalledProduct>("installedProductId", i.InstalledProductId);
        if (product is not null && customer is not null && product.CustomerId != customer.Id)
            e.Add("installedProductId", "The product is registered to another customer.");
        var team = await c.Reference<TeamRecord>("teamId", i.TeamId);
        var assignee = await c.Reference<TechnicianRecord>("assigneeId", i.AssigneeId);
        if (team is not null && assignee is not null && assignee.TeamId != team.Id)
            e.Add("assigneeId", "The technician is not in that team.");
        var symptom = e.Required("symptom", i.Symptom, 4000);
        var type = i.Type is null && product is not null ? await TypeFromWarrantyAsync(c, product) : e.Enum<ServiceRequestType>("type", i.Type);
        var channel = e.Enum("channel", i.Channel, RequestChannel.Phone);
        var priority = e.Enum("priority", i.Priority, RequestPriority.Normal);
        var status = e.Enum("status", i.Status, ServiceRequestStatus.Pending);
        var costs = (e.Money("partsCost", i.PartsCost), e.Money("labourCost", i.LabourCost), e.Money("travelCost", i.TravelCost));
        if (i.ResolvedAt < i.OpenedAt)
            e.Add("resolvedAt", "A request cannot be resolved before it was opened.");
        if (i.FirstRespondedAt < (request?.OpenedAt ?? i.OpenedAt))
            e.Add("firstRespondedAt", "A request cannot be answered before it was opened.");
        if (i.ArrivedAt < (request?.OpenedAt ?? i.OpenedAt))
            e.Add("arrivedAt", "A technician cannot arrive before the request was opened.");
        var region = e.Optional("region", i.Region, 100) ?? customer?.Region;
        var (contactName, contactPhone) = (e.Optional("contactName", i.ContactName), e.Optional("contactPhone", i.ContactPhone, 40));
        var resolution = e.Optional("resolution", i.Resolution, 4000);
        var articleId = e.Optional("knowledgeArticleId", i.KnowledgeArticleId, 32)?.ToUpperInvariant();
        if (articleId is not null && !await c.Db.Set<KnowledgeArticleRecord>().AnyAsync(a => a.Id == articleId, c.CancellationToken))
            e.Add("knowledgeArticleId", $"No knowledge-base article has the id {articleId}.");
        if (e.Any)
            return null;
        var wasResolved = request is not null && ServiceRequest.IsResolved(request.Status);

        var openedAt = request?.OpenedAt ?? (i.OpenedAt ?? c.Now).ToUniversalTime();
        request ??= new ServiceRequest
        {
            Number = await NumberSequences.NextYearlyAsync(c.Db, "SR", openedAt.Year, c.CancellationToken),
            Symptom = symptom,
            OpenedAt = openedAt,
        };
        (request.Type, request.Channel, request.CustomerId, request.InstalledProductId) = (type, channel, customer!.Id, product?.Id);
        (request.Symptom, request.Priority, request.Status, request.Region) = (symptom, priority, status, region);
        (request.ProductLine, request.ContactName, request.ContactPhone) = (product?.ProductLine, contactName, contactPhone);
        (request.TeamId, request.AssigneeId, request.InstanceId) = (team?.Id, assignee?.Id, i.InstanceId);
        (request.WorkStartedAt, request.ResolvedAt, request.Resolution) = (i.WorkStartedAt?.ToUniversalTime(), i.ResolvedAt?.ToUniversalTime(), resolution);
        (request.PartsCost, request.LabourCost, request.TravelCost) = costs;
        (request.FirstRespondedAt, request.ArrivedAt) = (i.FirstRespondedAt?.ToUniversalTime(), i.ArrivedAt?.ToUniversalTime());
        request.KnowledgeArticleId = articleId;
        await RequestSla.EvaluateAsync(c, request, customer, product);
        if (ServiceRequest.IsResolved(status) && !wasResolved)
            await RequestKnowledge.ResolvedAsync(c, request);
        return request;
    }

    /// <summary>A repair of a registered product is in or out of warranty by the product's warranty status today.</summary>
    private static async Task<ServiceRequestType> TypeFromWarrantyAsync(RecordContext c, InstalledProduct product)
    {
        var months = await c.Db.Set<ProductModel>().AsNoTracking().Where(m => m.Id == product.ModelId).Select(m => m.WarrantyMonths)
            .FirstAsync(c.CancellationToken);
        var contract = product.ContractId is { } id
            ? await c.Db.Set<ServiceContract>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, c.CancellationToken)
            : null;
        var decision = WarrantyEvaluator.Evaluate(product.Facts(months, contract?.WarrantyCoverageEnd), c.Today);
        return decision.Remedy is Remedy.PaidRepair or Remedy.NotCovered
            ? ServiceRequestType.OutOfWarrantyRepair
            : ServiceRequestType.InWarrantyRepair;
    }
}
