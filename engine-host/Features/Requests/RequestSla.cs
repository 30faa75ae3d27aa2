using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.Sla;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// A request's SLA: evaluated when it is opened under the default policy's version in effect then, and recorded. Later
/// edits (a new priority or team, work starting, a status that pauses the clock) are evaluated again under the same
/// recorded version, from the same opening time and with every pause of the status history, so time already paused
/// stays paused; a newer version never changes a request already opened (unless applied to it explicitly).
/// Manual overrides replace a target's computed due time; the escalation steps are scheduled as durable timers.
/// </summary>
internal static class RequestSla
{
    /// <summary>Statuses after which no escalation fires.</summary>
    public static readonly IReadOnlySet<ServiceRequestStatus> Done = new HashSet<ServiceRequestStatus>
    {
        ServiceRequestStatus.Resolved, ServiceRequestStatus.ServiceCompleted, ServiceRequestStatus.Closed, ServiceRequestStatus.Cancelled,
    };

    public static async Task EvaluateAsync(RecordContext c, ServiceRequest request, Customer customer, InstalledProduct? product)
    {
        RecordStatus(c.Db, request, c.Now, c.Services.GetRequiredService<IAuditActor>().Name);
        var contractLevel = await ContractLevelAsync(c.Db, product?.ContractId, c.CancellationToken);
        await RecomputeAsync(c.Db, c.Services.GetRequiredService<SlaPolicyStore>(), request, customer.Tier.ToString(), contractLevel,
            c.CancellationToken);
    }

    /// <summary>Adds a status-history row when the request is new or its status changed in this unit of work.</summary>
    public static void RecordStatus(DbContext db, ServiceRequest request, DateTimeOffset now, string? by)
    {
        var entry = db.Entry(request);
        var isNew = entry.State is EntityState.Detached or EntityState.Added;
        if (!isNew && entry.Property(r => r.Status).OriginalValue == request.Status)
            return;
        var at = isNew ? request.OpenedAt : now.ToUniversalTime();
        db.Add(new SlaStatusChangeRecord { RequestId = request.Id, Status = request.Status.ToString(), At = at, By = by });
    }

    /// <summary>Re-evaluates a request read with tracking, loading its customer tier and contract level.</summary>
    public static async Task RecomputeAsync(DbContext db, SlaPolicyStore store, ServiceRequest request, CancellationToken ct)
    {
        var tier = await db.Set<Customer>().AsNoTracking().Where(x => x.Id == request.CustomerId).Select(x => (CustomerTier?)x.Tier)
            .FirstOrDefaultAsync(ct);
        var contractId = request.InstalledProductId is { } productId
            ? await db.Set<InstalledProduct>().AsNoTracking().Where(x => x.Id == productId).Select(x => x.ContractId).FirstOrDefaultAsync(ct)
            : null;
        await RecomputeAsync(db, store, request, tier?.ToString(), await ContractLevelAsync(db, contractId, ct), ct);
    }

    public static async Task<string?> ContractLevelAsync(DbContext db, Guid? contractId, CancellationToken ct) =>
        contractId is { } id
            ? (await db.Set<ServiceContract>().AsNoTracking().Where(x => x.Id == id).Select(x => (ContractLevel?)x.Level)
                .FirstOrDefaultAsync(ct))?.ToString()
            : null;

    /// <summary>The facts rules match on, with the pauses of the request's status history under <paramref name="policy"/>.</summary>
    public static SlaRequest Facts(ServiceRequest request, string? customerTier, string? contractLevel, IReadOnlyList<Pause> pauses) =>
        new(request.Type.ToString(), request.Priority.ToString(), request.OpenedAt)
        {
            CustomerTier = customerTier,
            ContractLevel = contractLevel,
            Region = request.Region,
            ProductLine = request.ProductLine,
            WorkStartedAt = request.WorkStartedAt,
            Pauses = pauses,
        };

    /// <summary>The status history, stored and not yet saved, oldest first.</summary>
    public static async Task<List<SlaStatusChange>> HistoryAsync(DbContext db, Guid requestId, CancellationToken ct)
    {
        var stored = await db.Set<SlaStatusChangeRecord>().AsNoTracking().Where(x => x.RequestId == requestId)
            .Select(x => new { x.Id, x.Status, x.At }).ToListAsync(ct);
        var pending = SavingEntries.Of<SlaStatusChangeRecord>(db)
            .Where(e => e.State == EntityState.Added && e.Entity.RequestId == requestId)
            .Select(e => new { e.Entity.Id, e.Entity.Status, e.Entity.At });
        return stored.Concat(pending).DistinctBy(x => x.Id).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new SlaStatusChange(x.Status, x.At)).ToList();
    }

    /// <summary>When the request was moved to a newer version, and the version it ran under before; stored and not yet saved, oldest first.</summary>
    public static async Task<List<(SlaPolicyVersion? Before, DateTimeOffset At)>> RetargetsAsync(DbContext db, SlaPolicyStore store,
        Guid requestId, CancellationToken ct)
    {
        var pending = SavingEntries.Of<SlaRetargetRecord>(db)
            .Where(e => e.State == EntityState.Added && e.Entity.RequestId == requestId).Select(e => e.Entity).ToList();
        var entry = SavingEntries.Of<ServiceRequest>(db).FirstOrDefault(e => e.Entity.Id == requestId);
        var stored = entry is { State: EntityState.Added }
            ? []
            : await db.Set<SlaRetargetRecord>().AsNoTracking().Where(x => x.RequestId == requestId).ToListAsync(ct);
        var result = new List<(SlaPolicyVersion?, DateTimeOffset)>();
        foreach (var r in stored.Concat(pending).DistinctBy(x => x.Id).OrderBy(x => x.At).ThenBy(x => x.Id))
            result.Add((await store.PublishedAsync(db, r.PolicyId, r.FromVersion, ct), r.At));
        return result;
    }

    /// <summary>
    /// The pauses of a status history under the version a request runs under; before each time it was moved to a newer
    /// version, the pause statuses of the version it ran under then count instead — time already paused stays paused.
    /// </summary>
    public static IReadOnlyList<Pause> Pauses(SlaPolicyVersion current, IReadOnlyList<SlaStatusChange> history,
        IReadOnlyList<(SlaPolicyVersion? Before, DateTimeOffset At)> retargets)
    {
        if (retargets.Count == 0)
            return current.PausesFrom(history);
        var pieces = new List<Pause>();
        DateTimeOffset? from = null;
        foreach (var (before, at) in retargets)
        {
            if (before is not null)
                pieces.AddRange(Clip(before.PausesFrom(history), from, at));
            from = at;
        }
        pieces.AddRange(Clip(current.PausesFrom(history), from, null));
        var merged = new List<Pause>();
        foreach (var p in pieces.OrderBy(p => p.From))
        {
            // a pause that went on across the move is one pause, not two
            if (merged.Count > 0 && merged[^1] is { To: { } end } last && end == p.From && last.Reason == p.Reason)
                merged[^1] = new Pause(last.From, p.To, last.Reason);
            else
                merged.Add(p);
        }
        return merged;
    }

    private static IEnumerable<Pause> Clip(IEnumerable<Pause> pauses, DateTimeOffset? from, DateTimeOffset? to)
    {
        foreach (var p in pauses)
        {
            var start = from is { } f && f > p.From ? f : p.From;
            DateTimeOffset? end = (p.To, to) switch
            {
                (null, null) => null,
                (null, { } t) => t,
                ({ } e, null) => e,
                ({ } e, { } t) => e < t ? e : t,
            };
            if (end is null || end > start)
                yield return new Pause(start, end, p.Reason);
        }
    }

    /// <summary>The latest override per target (a null due removes it), stored and not yet saved.</summary>
    public static async Task<Dictionary<SlaTargetKind, SlaOverrideRecord>> OverridesAsync(DbContext db, Guid requestId, CancellationToken ct)
    {
        var stored = await db.Set<SlaOverrideRecord>().AsNoTracking().Where(x => x.RequestId == requestId).ToListAsync(ct);
        var pending = SavingEntries.Of<SlaOverrideRecord>(db)
            .Where(e => e.State == EntityState.Added && e.Entity.RequestId == requestId).Select(e => e.Entity);
        return stored.Concat(pending).DistinctBy(x => x.Id).GroupBy(x => x.Target)
            .Select(g => g.OrderBy(x => x.At).ThenBy(x => x.Id).Last()).Where(x => x.Due is not null)
            .ToDictionary(x => x.Target);
    }

    public static async Task RecomputeAsync(DbContext db, SlaPolicyStore store, ServiceRequest request, string? customerTier,
        string? contractLevel, CancellationToken ct)
    {
        var policy = request is { SlaPolicyId: { } id, SlaPolicyVersion: { } version }
            ? await store.PublishedAsync(db, id, version, ct)
            : await store.EffectiveAsync(db, SlaPolicyStore.DefaultPolicyId, request.OpenedAt, ct);
        if (policy is null)
            return;
        var history = await HistoryAsync(db, request.Id, ct);
        var pauses = Pauses(policy, history, await RetargetsAsync(db, store, request.Id, ct));
        var evaluation = SlaRuleMatcher.Evaluate(policy, Facts(request, customerTier, contractLevel, pauses));
        var overrides = await OverridesAsync(db, request.Id, ct);
        DateTimeOffset? Due(SlaTargetKind kind) =>
            (overrides.TryGetValue(kind, out var o) ? o.Due : evaluation.DueFor(kind))?.ToUniversalTime();
        (request.SlaPolicyId, request.SlaPolicyVersion, request.SlaRuleId) = (evaluation.PolicyId, evaluation.Version, evaluation.RuleId);
        request.FirstResponseDue = Due(SlaTargetKind.FirstResponse);
        request.OnSiteDue = Due(SlaTargetKind.OnSite);
        request.ResolutionDue = Due(SlaTargetKind.Resolution);
        await ScheduleAsync(db, request, evaluation, overrides, ct);
    }

    /// <summary>When a target was met: the first response, the arrival on site (or work starting), the resolution.</summary>
    public static DateTimeOffset? MetAt(ServiceRequest request, SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => request.FirstRespondedAt ?? request.ArrivedAt ?? request.WorkStartedAt ?? request.ResolvedAt,
        SlaTargetKind.OnSite => request.ArrivedAt ?? request.WorkStartedAt ?? request.ResolvedAt,
        _ => request.ResolvedAt,
    };

    /// <summary>
    /// One timer per escalation step of the request's version: due when the step's share of the target has elapsed
    /// (shifted like the due time when a supervisor overrode it); no due time once the target is met, while the clock is
    /// stopped, or when the request is done. Fired timers are never touched again.
    /// </summary>
    private static async Task ScheduleAsync(DbContext db, ServiceRequest request, Domain.Sla.SlaEvaluation evaluation,
        Dictionary<SlaTargetKind, SlaOverrideRecord> overrides, CancellationToken ct)
    {
        var isNew = db.Entry(request).State is EntityState.Detached or EntityState.Added;
        var timers = isNew ? [] : await db.Set<SlaEscalationRecord>().Where(x => x.RequestId == request.Id).ToListAsync(ct);
        // timers an earlier evaluation of this unit of work added (not in the database yet): evaluating twice adds none twice
        timers.AddRange(SavingEntries.Of<SlaEscalationRecord>(db)
            .Where(e => e.State == EntityState.Added && e.Entity.RequestId == request.Id && !timers.Contains(e.Entity)).Select(e => e.Entity).ToList());
        var done = Done.Contains(request.Status);
        var scheduled = evaluation.Escalations.ToDictionary(e => e.Step);
        foreach (var timer in timers.Where(t => t.Status == SlaEscalationState.Pending
                                                && (t.PolicyId != evaluation.PolicyId || t.Version != evaluation.Version || !scheduled.ContainsKey(t.Step))))
            timer.DueAt = null;
        foreach (var step in evaluation.Escalations)
        {
            DateTimeOffset? due = step.At.ToUniversalTime();
            if (done || MetAt(request, step.Target) is not null)
                due = null;
            else if (overrides.TryGetValue(step.Target, out var o) && evaluation.DueFor(step.Target) is { } computed)
                due += o.Due!.Value - computed;
            var timer = timers.FirstOrDefault(t => t.PolicyId == evaluation.PolicyId && t.Version == evaluation.Version && t.Step == step.Step);
            if (timer is null)
                db.Add(new SlaEscalationRecord
                {
                    RequestId = request.Id,
                    PolicyId = evaluation.PolicyId,
                    Version = evaluation.Version,
                    Step = step.Step,
                    Target = step.Target,
                    Action = step.Action,
                    DueAt = due,
                    Status = SlaEscalationState.Pending,
                });
            else if (timer.Status == SlaEscalationState.Pending)
                timer.DueAt = due;
        }
    }
}
