using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <param name="ClosedFrom">Start of the period of resolved requests to replay (default 90 days ago).</param>
/// <param name="ClosedTo">Its end, exclusive (default now).</param>
public sealed record SlaImpactRequest(DateTimeOffset? ClosedFrom, DateTimeOffset? ClosedTo);

public sealed record SlaJobView(Guid Id, string Kind, string Status, long Done, long Total, double Percent, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? CreatedBy, string? Error, JsonElement? Parameters, JsonElement? Result)
{
    public static SlaJobView From(SlaJobRecord j) =>
        new(j.Id, j.Kind, j.Status.ToString(), j.Done, j.Total, j.Total == 0 ? (j.Status == SlaJobStatus.Succeeded ? 100 : 0) : Math.Round(100.0 * j.Done / j.Total, 1),
            j.CreatedAt, j.StartedAt, j.FinishedAt, j.CreatedBy, j.Error, JsonDocument.Parse(j.Parameters).RootElement.Clone(),
            j.Result is null ? null : JsonDocument.Parse(j.Result).RootElement.Clone());
}

/// <summary>An open request whose due times would differ under the draft.</summary>
public sealed record SlaImpactChange(Guid RequestId, string Number, string Target, DateTimeOffset? CurrentDue, DateTimeOffset? DraftDue,
    bool BreachedUnderDraft);

/// <param name="Dimension"><c>type</c>, <c>priority</c> or <c>team</c>.</param>
public sealed record SlaImpactGroup(string Dimension, string Key, int Requests, int MetBefore, int BreachedBefore, int MetUnderDraft,
    int BreachedUnderDraft);

/// <param name="Changed">Open requests with at least one due time different under the draft.</param>
/// <param name="BreachedUnderDraft">Of those, how many would already be breached now.</param>
/// <param name="Examples">Up to 200 changed targets, soonest draft due time first.</param>
public sealed record SlaOpenImpact(int Open, int Changed, int BreachedUnderDraft, int BreachedNow, IReadOnlyList<SlaImpactChange> Examples);

public sealed record SlaClosedImpact(DateTimeOffset From, DateTimeOffset To, int Closed, int MetBefore, int BreachedBefore, int MetUnderDraft,
    int BreachedUnderDraft, IReadOnlyList<SlaImpactGroup> Groups);

public sealed record SlaImpactResult(string PolicyId, int DraftVersion, DateTimeOffset ComputedAt, SlaOpenImpact Open, SlaClosedImpact Closed,
    double Seconds);

/// <summary>
/// The impact preview of a draft, as a durable job: the open requests of the policy evaluated under the draft as if opened
/// now under it (their own opening time, pauses and facts) against their recorded due times; the requests resolved in a
/// period met or breached under their recorded due times versus under the draft, by type, priority and team.
/// </summary>
internal static class SlaImpact
{
    public const string Kind = "impact-preview";

    public static RouteGroupBuilder MapImpact(this RouteGroupBuilder group, IEndpointRouteBuilder app)
    {
        group.MapPost("/{policyId}/impact", StartAsync).Produces<SlaJobView>(202).ProducesValidationProblem().ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Start the impact preview of the draft: open requests whose targets would differ, closed ones met/breached before vs under the draft");
        app.MapGet("/api/sla-jobs/{id:guid}", GetJobAsync).WithTags("SLA policies").Produces<SlaJobView>().ProducesProblem(404)
            .WithSummary("An SLA job (impact preview): status, progress (done of total) and, when it succeeded, its result");
        return group;
    }

    private static async Task<IResult> StartAsync(string policyId, SlaImpactRequest? body, DbContext db, TimeProvider time, IAuditActor actor,
        SlaJobRunner runner, CancellationToken ct)
    {
        if (!await db.Set<SlaPolicyRecord>().AnyAsync(p => p.Id == policyId, ct))
            return Problems.NotFound($"No SLA policy has the id '{policyId}'.");
        if (!await db.Set<SlaPolicyVersionRecord>().AnyAsync(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Draft, ct))
            return Problems.Conflict($"SLA policy '{policyId}' has no draft to preview.");
        var now = time.GetUtcNow();
        var (from, to) = (body?.ClosedFrom ?? now.AddDays(-90), body?.ClosedTo ?? now);
        if (to <= from)
            return Problems.Invalid("closedTo", "closedTo must be after closedFrom.");
        var job = new SlaJobRecord
        {
            Kind = Kind,
            Status = SlaJobStatus.Queued,
            Parameters = JsonSerializer.Serialize(new { policyId, closedFrom = from.ToUniversalTime(), closedTo = to.ToUniversalTime() }, SlaPolicyStore.Json),
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        db.Add(job);
        await db.SaveChangesAsync(ct);
        runner.Enqueue(job.Id);
        return TypedResults.Accepted($"/api/sla-jobs/{job.Id}", SlaJobView.From(job));
    }

    private static async Task<IResult> GetJobAsync(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<SlaJobRecord>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct) is { } job
            ? TypedResults.Ok(SlaJobView.From(job))
            : Problems.NotFound($"No SLA job has the id {id}.");

    internal sealed record Row(Guid Id, string Number, ServiceRequestType Type, RequestPriority Priority, ServiceRequestStatus Status,
        string? Region, string? ProductLine, Guid? TeamId, DateTimeOffset OpenedAt, DateTimeOffset? WorkStartedAt,
        DateTimeOffset? FirstRespondedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? FirstResponseDue,
        DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue, CustomerTier Tier, ContractLevel? Level, int? Version);

    private sealed record Parameters(string PolicyId, DateTimeOffset ClosedFrom, DateTimeOffset ClosedTo);

    public static async Task<SlaImpactResult> RunAsync(DbContext db, SlaPolicyStore store, string parameters, DateTimeOffset now,
        Func<long, long, Task> progress, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var p = JsonSerializer.Deserialize<Parameters>(parameters, SlaPolicyStore.Json)!;
        var draftRecord = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyId == p.PolicyId && v.Status == SlaVersionStatus.Draft, ct)
            ?? throw new InvalidOperationException($"SLA policy '{p.PolicyId}' has no draft any more.");
        var draft = store.Parse(draftRecord);
        var done = RequestSla.Done.ToList();
        var (from, to) = (p.ClosedFrom.ToUniversalTime(), p.ClosedTo.ToUniversalTime());
        var mine = db.Set<ServiceRequest>().AsNoTracking().Where(r => r.SlaPolicyId == p.PolicyId);
        var open = mine.Where(r => !done.Contains(r.Status));
        var closed = mine.Where(r => done.Contains(r.Status) && r.ResolvedAt >= from && r.ResolvedAt < to);
        var total = await open.CountAsync(ct) + (long)await closed.CountAsync(ct);
        await progress(0, total);
        var teams = await db.Set<TeamRecord>().AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Code, ct);

        var history = new Dictionary<Guid, List<SlaStatusChange>>();
        var changesQuery = from h in db.Set<SlaStatusChangeRecord>().AsNoTracking()
                           join r in open.Concat(closed) on h.RequestId equals r.Id
                           select new { h.RequestId, h.Status, h.At };
        await foreach (var h in changesQuery.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!history.TryGetValue(h.RequestId, out var list))
                history[h.RequestId] = list = [];
            list.Add(new SlaStatusChange(h.Status, h.At));
        }

        long processed = 0;
        var examples = new ConcurrentBag<SlaImpactChange>();
        int openCount = 0, changed = 0, breachedDraft = 0, breachedNow = 0;
        await foreach (var chunk in Rows(db, open).Chunk(10_000).WithCancellation(ct))
        {
            var results = chunk.AsParallel().Select(r =>
            {
                var evaluation = Evaluate(draft, r, history);
                var diffs = Enum.GetValues<SlaTargetKind>()
                    .Select(k => (Kind: k, Current: Due(r, k), Draft: evaluation.DueFor(k)?.ToUniversalTime()))
                    .Where(x => !Close(x.Current, x.Draft)).ToList();
                var breachedUnder = Enum.GetValues<SlaTargetKind>().Any(k => evaluation.DueFor(k) is { } d && d < now && MetAt(r, k) is null);
                var breachedNowHere = Enum.GetValues<SlaTargetKind>().Any(k => Due(r, k) is { } d && d < now && MetAt(r, k) is null);
                foreach (var (kind, current, draftDue) in diffs.Take(1))
                {
                    if (examples.Count < 2000)
                        examples.Add(new SlaImpactChange(r.Id, r.Number, kind.ToString(), current, draftDue, breachedUnder));
                }
                return (Changed: diffs.Count > 0, BreachedUnder: diffs.Count > 0 && breachedUnder, BreachedNow: breachedNowHere);
            }).ToList();
            openCount += chunk.Length;
            changed += results.Count(x => x.Changed);
            breachedDraft += results.Count(x => x.BreachedUnder);
            breachedNow += results.Count(x => x.BreachedNow);
            processed += chunk.Length;
            await progress(processed, total);
        }

        var groups = new Dictionary<(string, string), int[]>();
        int closedCount = 0, metBefore = 0, breachedBefore = 0, metDraft = 0, breachedUnderDraft = 0;
        await foreach (var chunk in Rows(db, closed).Chunk(20_000).WithCancellation(ct))
        {
            var results = chunk.AsParallel().Select(r =>
            {
                var evaluation = Evaluate(draft, r, history);
                var before = Enum.GetValues<SlaTargetKind>().Any(k => Breached(Due(r, k), r, k));
                var under = Enum.GetValues<SlaTargetKind>().Any(k => Breached(evaluation.DueFor(k), r, k));
                return (Row: r, Before: before, Under: under);
            }).ToList();
            foreach (var (r, before, under) in results)
            {
                closedCount++;
                (metBefore, breachedBefore) = before ? (metBefore, breachedBefore + 1) : (metBefore + 1, breachedBefore);
                (metDraft, breachedUnderDraft) = under ? (metDraft, breachedUnderDraft + 1) : (metDraft + 1, breachedUnderDraft);
                var team = r.TeamId is { } t && teams.TryGetValue(t, out var code) ? code : "(none)";
                foreach (var key in new[] { ("type", r.Type.ToString()), ("priority", r.Priority.ToString()), ("team", team) })
                {
                    if (!groups.TryGetValue(key, out var counts))
                        groups[key] = counts = new int[5];
                    counts[0]++;
                    counts[before ? 2 : 1]++;
                    counts[under ? 4 : 3]++;
                }
            }
            processed += chunk.Length;
            await progress(processed, total);
        }

        return new SlaImpactResult(p.PolicyId, draftRecord.Version, now,
            new SlaOpenImpact(openCount, changed, breachedDraft, breachedNow,
                examples.OrderBy(x => x.DraftDue ?? DateTimeOffset.MaxValue).ThenBy(x => x.Number, StringComparer.Ordinal).Take(200).ToList()),
            new SlaClosedImpact(from, to, closedCount, metBefore, breachedBefore, metDraft, breachedUnderDraft,
                groups.OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
                    .Select(g => new SlaImpactGroup(g.Key.Item1, g.Key.Item2, g.Value[0], g.Value[1], g.Value[2], g.Value[3], g.Value[4])).ToList()),
            (DateTime.UtcNow - started).TotalSeconds);
    }

    internal static IAsyncEnumerable<Row> Rows(DbContext db, IQueryable<ServiceRequest> requests) =>
        (from r in requests
         join c in db.Set<Customer>() on r.CustomerId equals c.Id
         from ip in db.Set<InstalledProduct>().Where(x => x.Id == r.InstalledProductId).DefaultIfEmpty()
         from k in db.Set<ServiceContract>().Where(x => ip != null && x.Id == ip.ContractId).DefaultIfEmpty()
         select new Row(r.Id, r.Number, r.Type, r.Priority, r.Status, r.Region, r.ProductLine, r.TeamId, r.OpenedAt, r.WorkStartedAt,
             r.FirstRespondedAt, r.ArrivedAt, r.ResolvedAt, r.FirstResponseDue, r.OnSiteDue, r.ResolutionDue, c.Tier,
             k == null ? null : (ContractLevel?)k.Level, r.SlaPolicyVersion)).AsAsyncEnumerable();

    private static Domain.Sla.SlaEvaluation Evaluate(SlaPolicyVersion draft, Row r, Dictionary<Guid, List<SlaStatusChange>> history)
    {
        var pauses = history.TryGetValue(r.Id, out var changes) && changes.Count > 1 ? draft.PausesFrom(changes) : [];
        return SlaRuleMatcher.Evaluate(draft, new SlaRequest(r.Type.ToString(), r.Priority.ToString(), r.OpenedAt)
        {
            CustomerTier = r.Tier.ToString(),
            ContractLevel = r.Level?.ToString(),
            Region = r.Region,
            ProductLine = r.ProductLine,
            WorkStartedAt = r.WorkStartedAt,
            Pauses = pauses,
        });
    }

    internal static DateTimeOffset? Due(Row r, SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => r.FirstResponseDue,
        SlaTargetKind.OnSite => r.OnSiteDue,
        _ => r.ResolutionDue,
    };

    internal static DateTimeOffset? MetAt(Row r, SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => r.FirstRespondedAt ?? r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt,
        SlaTargetKind.OnSite => r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt,
        _ => r.ResolvedAt,
    };

    private static bool Breached(DateTimeOffset? due, Row r, SlaTargetKind kind) =>
        due is { } d && (MetAt(r, kind) ?? DateTimeOffset.MaxValue) > d;

    /// <summary>Equal to the second: the database keeps times to the millisecond or microsecond.</summary>
    internal static bool Close(DateTimeOffset? a, DateTimeOffset? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => Math.Abs((x - y).TotalSeconds) < 1,
            _ => false,
        };
}

/// <summary>Runs SLA jobs (impact previews, applying a version) one at a time in the background; jobs queued or running when a
/// host stopped run again when it starts.</summary>
public sealed class SlaJobRunner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SlaJobRunner> log) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid id) => _queue.Writer.TryWrite(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            var unfinished = await db.Set<SlaJobRecord>().AsNoTracking()
                .Where(j => j.Status == SlaJobStatus.Queued || j.Status == SlaJobStatus.Running)
                .OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(stoppingToken);
            foreach (var id in unfinished)
                Enqueue(id);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogWarning(e, "Unfinished SLA jobs were not resumed; the database may not be migrated yet");
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "SLA job {Job} failed", id);
                await FinishAsync(id, SlaJobStatus.Failed, null, e.Message, CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var now = clock.GetUtcNow();
        var claimed = await db.Set<SlaJobRecord>().Where(j => j.Id == id && (j.Status == SlaJobStatus.Queued || j.Status == SlaJobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, SlaJobStatus.Running).SetProperty(j => j.StartedAt, now), ct);
        if (claimed == 0)
            return;
        var job = await db.Set<SlaJobRecord>().AsNoTracking().FirstAsync(j => j.Id == id, ct);
        var store = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>();
        async Task Progress(long done, long total)
        {
            await using var progressScope = scopes.CreateAsyncScope();
            await progressScope.ServiceProvider.GetRequiredService<DbContext>().Set<SlaJobRecord>().Where(j => j.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, total), ct);
        }
        object result = job.Kind == SlaApply.Kind
            ? await SlaApply.RunAsync(db, store, job, now, Progress, ct)
            : await SlaImpact.RunAsync(db, store, job.Parameters, now, Progress, ct);
        await FinishAsync(id, SlaJobStatus.Succeeded, JsonSerializer.Serialize(result, result.GetType(), SlaPolicyStore.Json), null, ct);
    }

    private async Task FinishAsync(Guid id, SlaJobStatus status, string? result, string? error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var message = error is { Length: > 4000 } ? error[..4000] : error;
        await scope.ServiceProvider.GetRequiredService<DbContext>().Set<SlaJobRecord>().Where(j => j.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.Result, result)
                .SetProperty(j => j.Error, message).SetProperty(j => j.FinishedAt, now), ct);
    }
}
