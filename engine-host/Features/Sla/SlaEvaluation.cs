using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <param name="PolicyId">Default: the policy service requests run under (<c>default</c>).</param>
/// <param name="WorkStartedAt">When work started; targets counted from the work start have no due time without it.</param>
public sealed record SlaEvaluationRequest(string? PolicyId, string? RequestType, string? Priority, string? CustomerTier,
    string? ContractLevel, string? Region, string? ProductLine, DateTimeOffset? OpenedAt, DateTimeOffset? WorkStartedAt);

public sealed record SlaEvaluationAnswer(string PolicyId, int Version, string RuleId, DateTimeOffset? FirstResponseDue,
    DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue, IReadOnlyList<ScheduledEscalation> Escalations);

internal static class SlaEvaluation
{
    public static async Task<IResult> EvaluateAsync(SlaEvaluationRequest body, DbContext db, SlaPolicyStore store, TimeProvider time,
        CancellationToken ct)
    {
        var e = new FieldErrors();
        var type = e.Required("requestType", body.RequestType, 64);
        var priority = e.Required("priority", body.Priority, 32);
        if (body.WorkStartedAt < body.OpenedAt)
            e.Add("workStartedAt", "Work cannot start before the request was opened.");
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        var policyId = string.IsNullOrWhiteSpace(body.PolicyId) ? SlaPolicyStore.DefaultPolicyId : body.PolicyId.Trim();
        var request = new SlaRequest(type, priority, body.OpenedAt ?? time.GetUtcNow())
        {
            CustomerTier = Blank(body.CustomerTier),
            ContractLevel = Blank(body.ContractLevel),
            Region = Blank(body.Region),
            ProductLine = Blank(body.ProductLine),
            WorkStartedAt = body.WorkStartedAt,
        };
        if (await store.EffectiveAsync(db, policyId, request.OpenedAt, ct) is not { } policy)
            return Problems.NotFound($"SLA policy '{policyId}' has no version in effect at {request.OpenedAt:O}.");
        var result = SlaRuleMatcher.Evaluate(policy, request);
        return TypedResults.Ok(new SlaEvaluationAnswer(result.PolicyId, result.Version, result.RuleId, result.FirstResponseDue,
            result.OnSiteDue, result.ResolutionDue, result.Escalations));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
