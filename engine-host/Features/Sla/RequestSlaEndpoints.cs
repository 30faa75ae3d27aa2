using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>One stretch of the clock: <c>Counted</c>, <c>OutsideWorkingHours</c>, <c>DayOff</c>, <c>Holiday</c>, <c>Paused</c> (with the status as reason), or <c>Override</c>.</summary>
public sealed record SlaSegmentView(string Kind, DateTimeOffset From, DateTimeOffset? To, double CountedMinutes, string? Reason)
{
    public static List<SlaSegmentView> Of(SlaExplanation explanation) =>
        explanation.Segments.Select(s => new SlaSegmentView(s.Kind.ToString(), s.From, s.To, s.Counted.TotalMinutes, s.Reason)).ToList();
}

public sealed record SlaOverrideView(DateTimeOffset? Due, DateTimeOffset? ComputedDue, string Reason, string By, DateTimeOffset At)
{
    public static SlaOverrideView From(SlaOverrideRecord o) => new(o.Due, o.ComputedDue, o.Reason, o.By, o.At);
}

/// <param name="State"><c>Met</c>, <c>Breached</c>, <c>Running</c>, <c>Paused</c>, <c>NotStarted</c> (counts from a work start not yet
/// there) or <c>NoSla</c>.</param>
/// <param name="ElapsedMinutes">Counted time so far (until the target was met), on the target's clock.</param>
/// <param name="Explanation">The timeline from the start to the computed due time, then the override if there is one.</param>
public sealed record SlaTargetView(string Target, string State, int? TargetMinutes, string? Clock, string? Calendar,
    DateTimeOffset? StartedAt, DateTimeOffset? ComputedDue, DateTimeOffset? Due, SlaOverrideView? Override, DateTimeOffset? MetAt,
    double? ElapsedMinutes, double? PercentUsed, double? CountedMinutes, IReadOnlyList<SlaSegmentView> Explanation);

/// <summary>The request was moved from one version of its policy to a newer one by an explicit apply.</summary>
public sealed record SlaRetargetView(string PolicyId, int FromVersion, int ToVersion, DateTimeOffset At, string By);

public sealed record SlaStatusChangeView(string Status, DateTimeOffset At, string? By, bool Pauses);

public sealed record SlaEscalationView(int Step, string Target, string Action, string Status, DateTimeOffset? DueAt, DateTimeOffset? FiredAt,
    string? Outcome, int PolicyVersion);

/// <summary>A request's SLA: the version and rule it runs under, each target with its clock explained, the pauses, overrides and escalations.</summary>
public sealed record RequestSlaView(Guid RequestId, string Number, string? PolicyId, int? Version, string? RuleId, string Status,
    IReadOnlyList<SlaTargetView> Targets, IReadOnlyList<SlaStatusChangeView> StatusHistory, IReadOnlyList<SlaOverrideView> Overrides,
    IReadOnlyList<SlaEscalationView> Escalations, IReadOnlyList<SlaRetargetView> Retargets);

/// <param name="Target">FirstResponse, OnSite or Resolution.</param>
/// <param name="Due">The new due time; null removes the override, so the computed one applies again.</param>
/// <param name="Reason">Why; kept in the audit trail and shown in the clock's explanation.</param>
public sealed record SlaOverrideInput(string? Target, DateTimeOffset? Due, string? Reason);

internal static class RequestSlaEndpoints
{
    public static IEndpointRouteBuilder MapRequestSla(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/service-requests").WithTags("Service requests");
        group.MapGet("/{key}/sla", GetAsync).Produces<RequestSlaView>().ProducesProblem(404)
            .WithSummary("The request's SLA: due times, each target's state and its clock explained segment by segment, pauses, overrides, escalations");
        group.MapPost("/{key}/sla/override", OverrideAsync).Produces<RequestSlaView>().ProducesValidationProblem().ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("A supervisor sets a target's due time by hand, with a reason (audited; due: null removes the override)");
        return app;
    }

    private static async Task<IResult> GetAsync(string key, DbContext db, SlaPolicyStore store, TimeProvider time, CancellationToken ct) =>
        await RecordEndpoints.FindAsync(ServiceRequestEndpoints.Api, key, db, false, ct) is { } request
            ? TypedResults.Ok(await ViewAsync(db, store, request, time.GetUtcNow(), ct))
            : Problems.NotFound($"No service request has the key '{key}'.");

    private static async Task<IResult> OverrideAsync(string key, SlaOverrideInput body, DbContext db, SlaPolicyStore store, TimeProvider time,
        IAuditActor actor, CancellationToken ct)
    {
        var e = new FieldErrors();
        var target = e.Enum<SlaTargetKind>("target", body.Target);
        var reason = e.Required("reason", body.Reason, 1000);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        var request = await RecordEndpoints.FindAsync(ServiceRequestEndpoints.Api, key, db, true, ct);
        if (request is null)
            return Problems.NotFound($"No service request has the key '{key}'.");
        if (body.Due < request.OpenedAt)
            return Problems.Invalid("due", "A due time cannot be before the request was opened.");
        if (request.AuditedAt is not null)
            return Problems.Conflict($"Service request {request.Number} is audited; un-audit it first.");
        var computed = (await ViewAsync(db, store, request, time.GetUtcNow(), ct)).Targets.First(t => t.Target == target.ToString()).ComputedDue;
        db.Add(new SlaOverrideRecord
        {
            RequestId = request.Id,
            Target = target,
            Due = body.Due?.ToUniversalTime(),
            ComputedDue = computed?.ToUniversalTime(),
            Reason = reason,
            By = actor.Name,
            At = time.GetUtcNow(),
        });
        await RequestSla.RecomputeAsync(db, store, request, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict($"Service request {request.Number} was changed meanwhile; try again.");
        }
        return TypedResults.Ok(await ViewAsync(db, store, request, time.GetUtcNow(), ct));
    }

    public static async Task<RequestSlaView> ViewAsync(DbContext db, SlaPolicyStore store, ServiceRequest request, DateTimeOffset now,
        CancellationToken ct)
    {
        var history = await db.Set<SlaStatusChangeRecord>().AsNoTracking().Where(x => x.RequestId == request.Id).ToListAsync(ct);
        history = history.OrderBy(x => x.At).ThenBy(x => x.Id).ToList();
        var overrides = (await db.Set<SlaOverrideRecord>().AsNoTracking().Where(x => x.RequestId == request.Id).ToListAsync(ct))
            .OrderBy(x => x.At).ThenBy(x => x.Id).ToList();
        var escalations = (await db.Set<SlaEscalationRecord>().AsNoTracking().Where(x => x.RequestId == request.Id).ToListAsync(ct))
            .OrderBy(x => x.Version).ThenBy(x => x.Step)
            .Select(x => new SlaEscalationView(x.Step, x.Target.ToString(), x.Action, x.Status.ToString(), x.DueAt, x.FiredAt, x.Outcome, x.Version))
            .ToList();
        var policy = request is { SlaPolicyId: { } id, SlaPolicyVersion: { } version } ? await store.PublishedAsync(db, id, version, ct) : null;
        var pauseStatuses = policy?.PauseStatuses ?? new HashSet<string>();
        var statusView = history.Select(h => new SlaStatusChangeView(h.Status, h.At, h.By, pauseStatuses.Contains(h.Status))).ToList();
        var targets = new List<SlaTargetView>();
        if (policy is not null)
        {
            var tier = await db.Set<Domain.Customers.Customer>().AsNoTracking().Where(x => x.Id == request.CustomerId)
                .Select(x => x.Tier).FirstOrDefaultAsync(ct);
            var contractId = request.InstalledProductId is { } productId
                ? await db.Set<Domain.Products.InstalledProduct>().AsNoTracking().Where(x => x.Id == productId).Select(x => x.ContractId)
                    .FirstOrDefaultAsync(ct)
                : null;
            var pauses = RequestSla.Pauses(policy, history.Select(h => new SlaStatusChange(h.Status, h.At)).ToList(),
                await RequestSla.RetargetsAsync(db, store, request.Id, ct));
            var facts = RequestSla.Facts(request, tier.ToString(), await RequestSla.ContractLevelAsync(db, contractId, ct), pauses);
            var latest = overrides.GroupBy(o => o.Target).ToDictionary(g => g.Key, g => g.Last());
            foreach (var kind in Enum.GetValues<SlaTargetKind>())
                targets.Add(Target(policy, facts, request, kind, latest.GetValueOrDefault(kind) is { Due: not null } o ? o : null, now));
        }

        return new RequestSlaView(request.Id, request.Number, request.SlaPolicyId, request.SlaPolicyVersion, request.SlaRuleId,
            request.Status.ToString(), targets, statusView, overrides.Select(SlaOverrideView.From).ToList(), escalations,
            (await db.Set<SlaRetargetRecord>().AsNoTracking().Where(x => x.RequestId == request.Id).ToListAsync(ct)).OrderBy(x => x.At)
            .Select(x => new SlaRetargetView(x.PolicyId, x.FromVersion, x.ToVersion, x.At, x.By)).ToList());
    }

    public static SlaTargetView Target(SlaPolicyVersion policy, SlaRequest facts, ServiceRequest? request, SlaTargetKind kind,
        SlaOverrideRecord? manual, DateTimeOffset now)
    {
        var rule = SlaRuleMatcher.Match(policy, facts);
        var promise = rule.Targets?[kind];
        if (promise is null || SlaRuleMatcher.ClockOf(policy, facts, kind) is not var (calendar, start, duration))
        {
            return new SlaTargetView(kind.ToString(), promise is null ? "NoSla" : "NotStarted", (int?)promise?.Duration.TotalMinutes, promise?.Clock.ToString(), null, null, null,
                manual?.Due, manual is null ? null : SlaOverrideView.From(manual), request is null ? null : RequestSla.MetAt(request, kind),
                null, null, null, []);
        }

        var explanation = SlaClock.Explain(calendar, start, duration, facts.Pauses);
        var segments = SlaSegmentView.Of(explanation);
        var computed = explanation.End;
        var due = manual?.Due ?? computed;
        if (manual is not null)
            segments.Add(new SlaSegmentView("Override", computed ?? manual.At, manual.Due, 0, $"{manual.Reason} ({manual.By})"));
        var metAt = request is null ? null : RequestSla.MetAt(request, kind);
        var until = metAt ?? now;
        var elapsed = SlaClock.BusinessTimeBetween(calendar, start, until, facts.Pauses);
        var paused = facts.Pauses.Any(p => p.From <= until && (p.To is null || p.To > until));
        var state = metAt is { } met ? (due is null || met <= due ? "Met" : "Breached")
            : due is { } d && now > d ? "Breached"
            : paused ? "Paused"
            : "Running";
        return new SlaTargetView(kind.ToString(), state, (int)duration.TotalMinutes, promise.Clock.ToString(), calendar.Name, start, computed,
            due, manual is null ? null : SlaOverrideView.From(manual), metAt, elapsed.TotalMinutes,
            Math.Round(100 * elapsed.TotalMinutes / duration.TotalMinutes, 1), explanation.Counted.TotalMinutes, segments);
    }
}
