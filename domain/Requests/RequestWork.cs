using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Warranty;

namespace Orchestrator.Domain.Requests;

/// <summary>
/// What the flows do to a service request, as the domain allows it: move its status, decide its warranty, add costs,
/// close it, lock it as audited. Every method changes tracked records of the caller's context and saves nothing, so the
/// change commits with whatever else the caller commits (a workflow burst, an API request), or not at all.
/// </summary>
public static class RequestWork
{
    /// <summary>
    /// The request a workflow instance runs (or revisits: the sweep's revisit flow), tracked; null when none is linked to it.
    /// A test run's sandbox request counts (the only lookup that sees it).
    /// </summary>
    public static async Task<ServiceRequest?> ForInstanceAsync(DbContext db, Guid instanceId, CancellationToken ct) =>
        await db.Set<ServiceRequest>().IgnoreQueryFilters().FirstOrDefaultAsync(r => r.InstanceId == instanceId, ct)
        ?? await db.Set<ServiceRequest>().FirstOrDefaultAsync(
            r => db.Set<Callbacks.Revisit>().Any(v => v.InstanceId == instanceId && v.ServiceRequestId == r.Id), ct);

    /// <summary>Moves the status; the first move into dispatched or in progress starts the work (the SLA's fix clock).</summary>
    public static void SetStatus(ServiceRequest request, ServiceRequestStatus status, DateTimeOffset now)
    {
        Unlocked(request);
        if (request.Status == ServiceRequestStatus.Cancelled)
            return; // withdrawn: a step of its flow that was already running does not move it again
        request.Status = status;
        if (status is ServiceRequestStatus.InProgress && request.WorkStartedAt is null)
            request.WorkStartedAt = now;
    }

    /// <summary>Escalation: the priority rises to at least <paramref name="floor"/> (never falls).</summary>
    public static void Escalate(ServiceRequest request, RequestPriority floor)
    {
        Unlocked(request);
        if (request.Priority < floor)
            request.Priority = floor;
    }

    /// <summary>The warranty remedy on <paramref name="at"/> for the request's product; null when it has none.</summary>
    public static async Task<WarrantyDecision?> WarrantyAsync(DbContext db, ServiceRequest request, DateOnly at, CancellationToken ct)
    {
        if (request.InstalledProductId is not { } productId)
            return null;
        var product = await db.Set<InstalledProduct>().AsNoTracking().FirstAsync(p => p.Id == productId, ct);
        return await WarrantyOfAsync(db, product, at, ct);
    }

    public static async Task<WarrantyDecision> WarrantyOfAsync(DbContext db, InstalledProduct product, DateOnly at, CancellationToken ct)
    {
        var months = await db.Set<ProductModel>().AsNoTracking().Where(m => m.Id == product.ModelId).Select(m => m.WarrantyMonths)
            .FirstAsync(ct);
        var contract = product.ContractId is { } id
            ? await db.Set<ServiceContract>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            : null;
        var coverageEnd = contract?.WarrantyCoverageEnd;
        return WarrantyEvaluator.Evaluate(product.Facts(months, coverageEnd), at);
    }

    /// <summary>Records the decision; a repair becomes in- or out-of-warranty by it.</summary>
    public static void RecordWarranty(ServiceRequest request, WarrantyDecision decision)
    {
        Unlocked(request);
        request.WarrantyRemedy = decision.Remedy;
        request.WarrantyReason = decision.Reason.Length <= 500 ? decision.Reason : decision.Reason[..500];
        if (request.Type is ServiceRequestType.InWarrantyRepair or ServiceRequestType.OutOfWarrantyRepair)
            request.Type = RepairType(decision.Remedy);
    }

    public static ServiceRequestType RepairType(Remedy remedy) => remedy is Remedy.PaidRepair or Remedy.NotCovered
        ? ServiceRequestType.OutOfWarrantyRepair
        : ServiceRequestType.InWarrantyRepair;

    /// <summary>Adds what a visit cost: the parts used at their list price, labour and travel.</summary>
    public static async Task<(Money Parts, Money Labour, Money Travel)> AddCostsAsync(DbContext db, ServiceRequest request,
        IReadOnlyList<FieldTasks.PartUsed> partsUsed, Money labour, Money travel, CancellationToken ct)
    {
        Unlocked(request);
        var numbers = partsUsed.Select(p => p.PartNumber).Distinct().ToList();
        var prices = await db.Set<PartRecord>().AsNoTracking().Where(p => numbers.Contains(p.PartNumber))
            .ToDictionaryAsync(p => p.PartNumber, p => p.UnitPrice, ct);
        var parts = new Money(partsUsed.Sum(p => prices.GetValueOrDefault(p.PartNumber).Fen * p.Quantity));
        request.PartsCost += parts;
        request.LabourCost += labour;
        request.TravelCost += travel;
        return (parts, labour, travel);
    }

    /// <summary>An installation accepted by the customer: the product's warranty starts on <paramref name="date"/> (unless it started already).</summary>
    public static async Task AcceptInstallationAsync(DbContext db, ServiceRequest request, DateOnly date, CancellationToken ct)
    {
        if (request.InstalledProductId is not { } id)
            return;
        var product = await db.Set<InstalledProduct>().FirstAsync(p => p.Id == id, ct);
        if (product.AcceptanceDate is not null)
            return;
        product.AcceptanceDate = date;
        product.WarrantyEnd = (await WarrantyOfAsync(db, product, date, ct)).WarrantyEnd;
    }

    /// <summary>Closes the request (or marks it resolved remotely, or cancelled) with how it ended.</summary>
    public static void Close(ServiceRequest request, ServiceRequestStatus status, string? resolution, DateTimeOffset now)
    {
        if (status is not (ServiceRequestStatus.Closed or ServiceRequestStatus.Resolved or ServiceRequestStatus.Cancelled))
            throw new ArgumentException($"A request closes as Closed, Resolved or Cancelled, not {status}.", nameof(status));
        Unlocked(request);
        if (request.Status == ServiceRequestStatus.Cancelled)
            return; // already ended (withdrawn, or its goods never came)
        request.Status = status;
        request.ResolvedAt ??= now;
        if (!string.IsNullOrWhiteSpace(resolution))
            request.Resolution = resolution.Length <= 4000 ? resolution : resolution[..4000];
    }

    /// <summary>Locks the request as audited (审核完成); refused while it is not finished.</summary>
    public static string? Audit(ServiceRequest request, string by, DateTimeOffset now)
    {
        if (request.AuditedAt is not null)
            return null;
        if (request.NotReadyForAudit() is { } why)
            return why;
        request.AuditedAt = now;
        request.AuditedBy = by.Length <= 200 ? by : by[..200];
        return null;
    }

    /// <summary>
    /// Evaluates the request's SLA under the default policy in effect when it was opened (or the version it recorded) and
    /// records the policy, version, rule and due times.
    /// </summary>
    public static async Task EvaluateSlaAsync(DbContext db, SlaPolicyStore store, ServiceRequest request, Customer customer,
        InstalledProduct? product, CancellationToken ct)
    {
        var contractLevel = product?.ContractId is { } contractId
            ? await db.Set<ServiceContract>().AsNoTracking().Where(x => x.Id == contractId).Select(x => (ContractLevel?)x.Level)
                .FirstOrDefaultAsync(ct)
            : null;
        var facts = new SlaRequest(request.Type.ToString(), request.Priority.ToString(), request.OpenedAt)
        {
            CustomerTier = customer.Tier.ToString(),
            ContractLevel = contractLevel?.ToString(),
            Region = request.Region,
            ProductLine = request.ProductLine,
            WorkStartedAt = request.WorkStartedAt,
        };
        var policy = request is { SlaPolicyId: { } id, SlaPolicyVersion: { } version }
            ? await store.PublishedAsync(db, id, version, ct)
            : await store.EffectiveAsync(db, SlaPolicyStore.DefaultPolicyId, request.OpenedAt, ct);
        if (policy is null)
            return;
        var evaluation = SlaRuleMatcher.Evaluate(policy, facts);
        (request.SlaPolicyId, request.SlaPolicyVersion, request.SlaRuleId) = (evaluation.PolicyId, evaluation.Version, evaluation.RuleId);
        request.FirstResponseDue = evaluation.FirstResponseDue?.ToUniversalTime();
        request.OnSiteDue = evaluation.OnSiteDue?.ToUniversalTime();
        request.ResolutionDue = evaluation.ResolutionDue?.ToUniversalTime();
    }

    private static void Unlocked(ServiceRequest request)
    {
        if (request.AuditedAt is not null)
            throw new RecordLockedException(nameof(ServiceRequest), request.Number);
    }
}
