using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <param name="ExpectedRequests">How many requests the preview said would move. Required: applying without a preview is
/// refused, and a different number now (requests opened, closed or moved meanwhile) is a 409 — preview again.</param>
public sealed record SlaApplyInput(int? ExpectedRequests);

public sealed record SlaApplyVersionCount(int Version, int Requests);

/// <summary>An open request whose due time for <paramref name="Target"/> would move.</summary>
public sealed record SlaApplyChange(Guid RequestId, string Number, int FromVersion, string Target, DateTimeOffset? CurrentDue,
    DateTimeOffset? NewDue);

/// <param name="Requests">Open requests of the policy running under an older version: the ones applying would move.</param>
/// <param name="ByVersion">How many of them run under each older version.</param>
/// <param name="Changed">Of those, how many get at least one different due time.</param>
/// <param name="BreachedNow">Of those, how many are breached now under their current due times.</param>
/// <param name="BreachedAfter">... and how many would be under the new ones.</param>
/// <param name="Audited">Open requests under older versions that are audited (locked): they stay as they are.</param>
/// <param name="Examples">Up to 100 targets that move, soonest new due time first.</param>
public sealed record SlaApplyPreview(string PolicyId, int Version, DateTimeOffset? EffectiveFrom, DateTimeOffset ComputedAt, int Requests,
    IReadOnlyList<SlaApplyVersionCount> ByVersion, int Changed, int BreachedNow, int BreachedAfter, int Audited,
    IReadOnlyList<SlaApplyChange> Examples);

/// <summary>What an apply job did: requests moved to the version, and how many of them got a different due time.</summary>
public sealed record SlaApplyResult(string PolicyId, int Version, int Retargeted, int Changed, double Seconds);

/// <summary>
/// Applying a published version to the open requests still running under older versions of the policy: an explicit,
/// previewed, audited action. Each request keeps its opening time, status history and manual overrides; before the moment
/// of the move its pauses are those of the version it ran under (time already paused stays paused); escalation steps that
/// already fired under the old version and are the same in the new one do not fire again.
/// </summary>
internal static class SlaApply
{
    public const string Kind = "apply-version";
    private const int Batch = 200;

    private sealed record Parameters(string PolicyId, int Version, int ExpectedRequests);

    public static RouteGroupBuilder MapApply(this RouteGroupBuilder group)
    {
        group.MapGet("/{policyId}/versions/{version:int}/apply", PreviewAsync).Produces<SlaApplyPreview>().ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Preview applying a published version to the open requests under older versions: how many move, by version, whose due times change");
        group.MapPost("/{policyId}/versions/{version:int}/apply", StartAsync).Produces<SlaJobView>(202).ProducesValidationProblem()
            .ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Apply a published version to the open requests under older versions (previewed first: expectedRequests), as a job; audited");
        return group;
    }

    private static IQueryable<ServiceRequest> Open(DbContext db, string policyId, int version)
    {
        var done = RequestSla.Done.ToList();
        return db.Set<ServiceRequest>().Where(r => r.SlaPolicyId == policyId && r.SlaPolicyVersion < version && !done.Contains(r.Status));
    }

    /// <summary>The requests applying moves: open, under an older version, not audited.</summary>
    private static IQueryable<ServiceRequest> Candidates(DbContext db, string policyId, int version) =>
        Open(db, policyId, version).Where(r => r.AuditedAt == null);

    /// <summary>The published version to apply, or the problem why it cannot be.</summary>
    private static async Task<(SlaPolicyVersionRecord? Version, IResult? Problem)> VersionToApplyAsync(DbContext db, string policyId,
        int version, DateTimeOffset now, CancellationToken ct)
    {
        var record = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Version == version, ct);
        if (record is null)
            return (null, Problems.NotFound($"SLA policy '{policyId}' has no version {version}."));
        if (record.Status != SlaVersionStatus.Published)
            return (null, Problems.Conflict($"Version {version} of '{policyId}' is a draft; publish it before applying it."));
        if (record.EffectiveFrom > now)
            return (null, Problems.Conflict($"Version {version} of '{policyId}' takes effect at {record.EffectiveFrom:O}; apply it from then on."));
        return (record, null);
    }

    private static async Task<IResult> PreviewAsync(string policyId, int version, DbContext db, SlaPolicyStore store, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (record, problem) = await VersionToApplyAsync(db, policyId, version, now, ct);
        return problem ?? TypedResults.Ok(await ComputePreviewAsync(db, store, record!, now, ct));
    }

    public static async Task<SlaApplyPreview> ComputePreviewAsync(DbContext db, SlaPolicyStore store, SlaPolicyVersionRecord record,
        DateTimeOffset now, CancellationToken ct)
    {
        var (policyId, version) = (record.PolicyId, record.Version);
        var target = store.Parse(record);
        var byVersion = (await Candidates(db, policyId, version).AsNoTracking().GroupBy(r => r.SlaPolicyVersion)
                .Select(g => new { Version = g.Key, Count = g.Count() }).ToListAsync(ct))
            .Select(x => new SlaApplyVersionCount(x.Version ?? 0, x.Count)).OrderBy(x => x.Version).ToList();
        var audited = await Open(db, policyId, version).AsNoTracking().CountAsync(r => r.AuditedAt != null, ct);
        var examples = new List<SlaApplyChange>();
        int changed = 0, breachedNow = 0, breachedAfter = 0;
        var all = await Candidates(db, policyId, version).AsNoTracking().Select(r => r.Id).ToListAsync(ct);
        foreach (var ids in all.Chunk(5_000))
        {
            var chunk = await SlaImpact.Rows(db, Candidates(db, policyId, version).AsNoTracking().Where(r => ids.Contains(r.Id)))
                .ToListAsync(ct);
            var history = (await db.Set<SlaStatusChangeRecord>().AsNoTracking().Where(h => ids.Contains(h.RequestId))
                    .Select(h => new { h.RequestId, h.Status, h.At, h.Id }).ToListAsync(ct))
                .GroupBy(h => h.RequestId).ToDictionary(g => g.Key,
                    g => g.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new SlaStatusChange(h.Status, h.At)).ToList());
            var moves = (await db.Set<SlaRetargetRecord>().AsNoTracking().Where(x => ids.Contains(x.RequestId)).ToListAsync(ct))
                .GroupBy(x => x.RequestId).ToDictionary(g => g.Key, g => g.OrderBy(x => x.At).ToList());
            var overrides = (await db.Set<SlaOverrideRecord>().AsNoTracking().Where(x => ids.Contains(x.RequestId)).ToListAsync(ct))
                .GroupBy(x => (x.RequestId, x.Target)).Select(g => g.OrderBy(x => x.At).ThenBy(x => x.Id).Last())
                .Where(x => x.Due is not null).ToDictionary(x => (x.RequestId, x.Target), x => x.Due);
            foreach (var r in chunk)
            {
                var earlier = new List<(SlaPolicyVersion? Before, DateTimeOffset At)>();
                foreach (var m in moves.GetValueOrDefault(r.Id) ?? [])
                    earlier.Add((await store.PublishedAsync(db, m.PolicyId, m.FromVersion, ct), m.At));
                earlier.Add((await store.PublishedAsync(db, policyId, r.Version ?? 0, ct), now));
                var pauses = RequestSla.Pauses(target, history.GetValueOrDefault(r.Id) ?? [], earlier);
                var evaluation = SlaRuleMatcher.Evaluate(target, new SlaRequest(r.Type.ToString(), r.Priority.ToString(), r.OpenedAt)
                {
                    CustomerTier = r.Tier.ToString(),
                    ContractLevel = r.Level?.ToString(),
                    Region = r.Region,
                    ProductLine = r.ProductLine,
                    WorkStartedAt = r.WorkStartedAt,
                    Pauses = pauses,
                });
                DateTimeOffset? NewDue(SlaTargetKind k) =>
                    overrides.TryGetValue((r.Id, k), out var o) ? o : evaluation.DueFor(k)?.ToUniversalTime();
                var kinds = Enum.GetValues<SlaTargetKind>();
                var moved = kinds.Where(k => !SlaImpact.Close(SlaImpact.Due(r, k), NewDue(k))).ToList();
                if (moved.Count > 0)
                    changed++;
                if (kinds.Any(k => SlaImpact.Due(r, k) is { } d && d < now && SlaImpact.MetAt(r, k) is null))
                    breachedNow++;
                if (kinds.Any(k => NewDue(k) is { } d && d < now && SlaImpact.MetAt(r, k) is null))
                    breachedAfter++;
                examples.AddRange(moved.Select(k => new SlaApplyChange(r.Id, r.Number, r.Version ?? 0, k.ToString(), SlaImpact.Due(r, k), NewDue(k))));
                if (examples.Count > 1000)
                    examples = Soonest(examples);
            }
        }

        return new SlaApplyPreview(policyId, version, record.EffectiveFrom, now, byVersion.Sum(x => x.Requests), byVersion, changed,
            breachedNow, breachedAfter, audited, Soonest(examples));
    }

    private static List<SlaApplyChange> Soonest(List<SlaApplyChange> changes) =>
        changes.OrderBy(x => x.NewDue ?? DateTimeOffset.MaxValue).ThenBy(x => x.Number, StringComparer.Ordinal).ThenBy(x => x.Target, StringComparer.Ordinal)
            .Take(100).ToList();

    private static async Task<IResult> StartAsync(string policyId, int version, SlaApplyInput? body, DbContext db, TimeProvider time,
        IAuditActor actor, SlaJobRunner runner, CancellationToken ct)
    {
        if (body?.ExpectedRequests is not { } expected || expected < 0)
            return Problems.Invalid("expectedRequests", "Preview first (GET …/apply) and send the number of requests it showed.");
        var now = time.GetUtcNow();
        var (record, problem) = await VersionToApplyAsync(db, policyId, version, now, ct);
        if (problem is not null)
            return problem;
        var running = await db.Set<SlaJobRecord>().AsNoTracking()
            .Where(j => j.Kind == Kind && (j.Status == SlaJobStatus.Queued || j.Status == SlaJobStatus.Running)).Select(j => j.Parameters)
            .ToListAsync(ct);
        if (running.Any(p => JsonSerializer.Deserialize<Parameters>(p, SlaPolicyStore.Json)!.PolicyId == policyId))
            return Problems.Conflict($"A version of '{policyId}' is being applied already; wait for that job to finish.");
        var requests = await Candidates(db, policyId, version).CountAsync(ct);
        if (requests != expected)
            return Problems.Conflict($"{requests} open requests would move now, not {expected} as previewed; preview again.");
        var job = new SlaJobRecord
        {
            Kind = Kind,
            Status = SlaJobStatus.Queued,
            Parameters = JsonSerializer.Serialize(new Parameters(policyId, version, expected), SlaPolicyStore.Json),
            Total = requests,
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        db.Add(job);
        // the action in the policy's audit trail, in the same transaction as the job that carries it out; each request moved
        // gets its own entry (version and due times, old → new) when the job saves it
        db.Add(new AuditEntry
        {
            EntityType = nameof(SlaPolicyRecord)[..^"Record".Length],
            EntityId = policyId,
            Action = AuditAction.Updated,
            Actor = actor.Name,
            At = now,
            Changes = JsonSerializer.Serialize(new FieldChange[]
            {
                new("appliedVersion", null, version),
                new("openRequests", null, requests),
                new("applyJob", null, job.Id),
            }, AuditInterceptor.Json),
        });
        await db.SaveChangesAsync(ct);
        runner.Enqueue(job.Id);
        return TypedResults.Accepted($"/api/sla-jobs/{job.Id}", SlaJobView.From(job));
    }

    /// <summary>
    /// Moves the requests in batches, each in its own transaction; a batch only takes requests still under an older version, so
    /// a job resumed after a restart carries on where it stopped and moves none twice.
    /// </summary>
    public static async Task<SlaApplyResult> RunAsync(DbContext db, SlaPolicyStore store, SlaJobRecord job, DateTimeOffset now,
        Func<long, long, Task> progress, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var p = JsonSerializer.Deserialize<Parameters>(job.Parameters, SlaPolicyStore.Json)!;
        var previous = job.Done;
        var total = previous + await Candidates(db, p.PolicyId, p.Version).CountAsync(ct);
        await progress(previous, total);
        int retargeted = 0, changed = 0, conflicts = 0;
        using var acting = AuditActing.As(job.CreatedBy ?? "system");
        while (true)
        {
            db.ChangeTracker.Clear();
            var requests = await Candidates(db, p.PolicyId, p.Version).OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
            if (requests.Count == 0)
                break;
            var moved = 0;
            foreach (var request in requests)
            {
                var before = (request.FirstResponseDue, request.OnSiteDue, request.ResolutionDue);
                var from = request.SlaPolicyVersion ?? 0;
                db.Add(new SlaRetargetRecord
                {
                    RequestId = request.Id,
                    PolicyId = p.PolicyId,
                    FromVersion = from,
                    ToVersion = p.Version,
                    At = now,
                    By = job.CreatedBy ?? "system",
                    JobId = job.Id,
                });
                request.SlaPolicyVersion = p.Version;
                await RequestSla.RecomputeAsync(db, store, request, ct);
                await KeepFiredStepsAsync(db, store, request, p.Version, ct);
                if (before != (request.FirstResponseDue, request.OnSiteDue, request.ResolutionDue))
                    moved++;
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (++conflicts <= 20)
            {
                continue; // a request was edited meanwhile: read the batch again
            }

            retargeted += requests.Count;
            changed += moved;
            await progress(previous + retargeted, Math.Max(total, previous + retargeted));
        }

        return new SlaApplyResult(p.PolicyId, p.Version, retargeted, changed, (DateTime.UtcNow - started).TotalSeconds);
    }

    /// <summary>A step of the new version that is the same as one already fired under an older version is fired already.</summary>
    private static async Task KeepFiredStepsAsync(DbContext db, SlaPolicyStore store, ServiceRequest request, int version, CancellationToken ct)
    {
        var timers = db.ChangeTracker.Entries<SlaEscalationRecord>().Where(e => e.Entity.RequestId == request.Id).Select(e => e.Entity).ToList();
        var fresh = timers.Where(t => t.Version == version && t.Status == SlaEscalationState.Pending).ToList();
        var fired = timers.Where(t => t.Version < version && t.Status == SlaEscalationState.Fired).ToList();
        if (fresh.Count == 0 || fired.Count == 0)
            return;
        var current = await store.PublishedAsync(db, request.SlaPolicyId!, version, ct);
        foreach (var old in fired)
        {
            var oldPolicy = await store.PublishedAsync(db, old.PolicyId, old.Version, ct);
            if (oldPolicy is null || old.Step >= oldPolicy.Escalations.Count || current is null)
                continue;
            var same = fresh.FirstOrDefault(t => t.Status == SlaEscalationState.Pending && t.Step < current.Escalations.Count
                && current.Escalations[t.Step] == oldPolicy.Escalations[old.Step]);
            if (same is null)
                continue;
            (same.Status, same.FiredAt, same.DueAt) = (SlaEscalationState.Fired, old.FiredAt, old.DueAt);
            same.Outcome = $"fired under version {old.Version}: {old.Outcome}";
        }
    }
}
