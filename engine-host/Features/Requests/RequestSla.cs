using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// A request's SLA: evaluated when it is opened under the default policy's version in effect then, and recorded. Later
/// edits (a new priority, work starting) are evaluated again under the same recorded version; a newer version never
/// changes a request already opened.
/// </summary>
internal static class RequestSla
{
    public static async Task EvaluateAsync(RecordContext c, ServiceRequest request, Customer customer, InstalledProduct? product)
    {
        var store = c.Services.GetRequiredService<SlaPolicyStore>();
        var contractLevel = product?.ContractId is { } contractId
            ? await c.Db.Set<ServiceContract>().AsNoTracking().Where(x => x.Id == contractId).Select(x => (ContractLevel?)x.Level)
                .FirstOrDefaultAsync(c.CancellationToken)
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
            ? await store.PublishedAsync(c.Db, id, version, c.CancellationToken)
            : await store.EffectiveAsync(c.Db, SlaPolicyStore.DefaultPolicyId, request.OpenedAt, c.CancellationToken);
        if (policy is null)
            return;
        var evaluation = SlaRuleMatcher.Evaluate(policy, facts);
        (request.SlaPolicyId, request.SlaPolicyVersion, request.SlaRuleId) = (evaluation.PolicyId, evaluation.Version, evaluation.RuleId);
        request.FirstResponseDue = evaluation.FirstResponseDue?.ToUniversalTime();
        request.OnSiteDue = evaluation.OnSiteDue?.ToUniversalTime();
        request.ResolutionDue = evaluation.ResolutionDue?.ToUniversalTime();
    }
}
