using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
        app.MapPost("/api/sla-jobs/{id:guid}/cancel", CancelAsync).WithTags("SLA policies").Produces<SlaJobView>().ProducesProblem(404)
            .ProducesProblem(409)
            .WithSummary("Cancel an impact preview that is queued or running: it stops within a moment and shows as Cancelled; a new one can start");
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

    private static async Task<IResult> CancelAsync(Guid id, DbContext db, TimeProvider time, IAuditActor actor, SlaJobRunner runner,
        CancellationToken ct)
    {
        if (await db.Set<SlaJobRecord>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct) is not { } job)
            return Problems.NotFound($"No SLA job has the id {id}.");
        if (job.Kind != Kind)
            return Problems.Conflict("Only an impact preview can be cancelled; applying a version runs to its end.");
        var now = time.GetUtcNow();
        var cancelled = await db.Set<SlaJobRecord>()
            .Where(j => j.Id == id && (j.Status == SlaJobStatus.Queued || j.Status == SlaJobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, SlaJobStatus.Cancelled).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Error, $"Cancelled by {actor.Name}."), ct);
        if (cancelled == 0)
            return Problems.Conflict($"The impact preview has already finished ({(await db.Set<SlaJobRecord>().AsNoTracking().FirstAsync(j => j.Id == id, ct)).Status}).");
        // the host running it stops at once; another host notices at its next progress update (the row no longer says Running)
        runner.Cancel(id);
        return TypedResults.Ok(SlaJobView.From(await db.Set<SlaJobRecord>().AsNoTracking().FirstAsync(j => j.Id == id, ct)));
    }

    internal sealed record Row(Guid Id, string Number, ServiceRequestType Type, RequestPriority Priority, ServiceRequestStatus Status,
        string? Region, string? ProductLine, Guid? TeamId, DateTimeOffset OpenedAt, DateTimeOffset? WorkStartedAt,
        DateTimeOffset? FirstRespondedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? FirstResponseDue,
        DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue, CustomerTier Tier, ContractLevel? Level, int? Version);

    private sealed record Parameters(string PolicyId, DateTimeOffset ClosedFrom, DateTimeOffset ClosedTo);

    /// <summary>The columns of a request the preview reads: its facts, when its targets were met and its recorded due times.</summary>
    private sealed record Lean(Guid Id, string Number, ServiceRequestType Type, RequestPriority Priority, ServiceRequestStatus Status,
        string? Region, string? ProductLine, Guid? TeamId, Guid CustomerId, Guid? InstalledProductId, DateTimeOffset OpenedAt,
        DateTimeOffset? WorkStartedAt, DateTimeOffset? FirstRespondedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? ResolvedAt,
        DateTimeOffset? FirstResponseDue, DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue);

    /// <summary>What one request adds to the preview.</summary>
    private readonly record struct Outcome(bool Open, bool Changed, bool BreachedUnder, bool BreachedNow, bool Before, bool Under,
        SlaImpactChange? Example);

    /// <summary>Requests read and evaluated at a time: one read of their status history each.</summary>
    internal const int ChunkSize = 10_000;

    private const int ExampleCount = 200;

    /// <summary>
    /// Streams the requests of the policy (open, or resolved in the period) with only the columns it needs (one reader; two on
    /// SQLite, each over half of the table); on another connection reads once which requests were ever in a pause status, then
    /// for each chunk the history of those (<see cref="HistorySql"/>) and turns it into pauses under the draft; evaluates the
    /// chunk under the draft while the next chunk is read; adds the outcomes up as they come
    /// (counts, groups by type, priority and team, the soonest changes). Memory stays at a few chunks, whatever the number of
    /// requests; progress is stored after each chunk.
    /// </summary>
    public static async Task<SlaImpactResult> RunAsync(DbContext db, IServiceScopeFactory scopes, SlaPolicyStore store, string parameters,
        DateTimeOffset now, Func<long, long, Task> progress, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var p = JsonSerializer.Deserialize<Parameters>(parameters, SlaPolicyStore.Json)!;
        var draftRecord = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyId == p.PolicyId && v.Status == SlaVersionStatus.Draft, ct)
            ?? throw new InvalidOperationException($"SLA policy '{p.PolicyId}' has no draft any more.");
        var draft = store.Parse(draftRecord);
        var done = RequestSla.Done.ToList();
        var (from, to) = (p.ClosedFrom.ToUniversalTime(), p.ClosedTo.ToUniversalTime());
        // SQLite reads in-process, on the reading thread: two readers (each over half of the table by rowid, a range SQLite seeks
        // to, on their own connections) keep both cores busy; PostgreSQL and SQL Server do their work in the server: one reader
        var readers = db.Database.IsSqlite() ? 2 : 1;
        long[] split = [long.MinValue, 0, long.MaxValue];
        if (readers == 2)
            split[1] = await db.Database.SqlQueryRaw<long>("SELECT COALESCE(MAX(rowid), 0) / 2 AS \"Value\" FROM service_requests").SingleAsync(ct);
        IQueryable<ServiceRequest> Requests(DbContext c, int part) =>
            (readers == 1 ? c.Set<ServiceRequest>()
                : c.Set<ServiceRequest>().FromSqlRaw("SELECT * FROM service_requests WHERE rowid > {0} AND rowid <= {1}", split[part], split[part + 1]))
            .AsNoTracking()
            .Where(r => r.SlaPolicyId == p.PolicyId
                        && (!done.Contains(r.Status) || (done.Contains(r.Status) && r.ResolvedAt >= from && r.ResolvedAt < to)));
        // the columns of Lean, read by ordinal from the command EF writes for this query (ReadLean)
        global::System.Data.Common.DbCommand LeanCommand(DbContext c, int part) => Requests(c, part).Select(r => new
        {
            r.Id,
            r.Number,
            r.Type,
            r.Priority,
            r.Status,
            r.Region,
            r.ProductLine,
            r.TeamId,
            r.CustomerId,
            r.InstalledProductId,
            r.OpenedAt,
            r.WorkStartedAt,
            r.FirstRespondedAt,
            r.ArrivedAt,
            r.ResolvedAt,
            r.FirstResponseDue,
            r.OnSiteDue,
            r.ResolutionDue,
        }).CreateDbCommand();
        var total = await db.Set<ServiceRequest>().AsNoTracking()
            .Where(r => r.SlaPolicyId == p.PolicyId && (!done.Contains(r.Status) || (done.Contains(r.Status) && r.ResolvedAt >= from && r.ResolvedAt < to)))
            .LongCountAsync(ct);
        await progress(0, total);
        // the statuses as stored (enum names) that the draft's pause statuses name, whatever their case
        var pauseValues = Enum.GetNames<ServiceRequestStatus>().Where(draft.PauseStatuses.Contains).Union(draft.PauseStatuses).ToList();

        // the facts rules match on that live elsewhere, read once: few rows next to the requests
        var teams = await db.Set<TeamRecord>().AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Code, ct);
        var tiers = await db.Set<Customer>().AsNoTracking().Select(c => new { c.Id, c.Tier }).ToDictionaryAsync(c => c.Id, c => c.Tier.ToString(), ct);
        var levels = await (from ip in db.Set<InstalledProduct>().AsNoTracking()
                            join k in db.Set<ServiceContract>().AsNoTracking() on ip.ContractId equals k.Id
                            select new { ip.Id, k.Level }).ToDictionaryAsync(x => x.Id, x => x.Level.ToString(), ct);

        // three stages on their own threads, so both cores work: the readers of the requests (synchronously: no task per row), one
        // reading the pauses of each chunk on another connection, and this one evaluating each chunk, split over the cores
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var read = Channel.CreateBounded<Lean[]>(2 * readers);
        var ready = Channel.CreateBounded<(Lean[] Rows, Dictionary<Guid, List<Pause>> Pauses)>(2);
        var reading = readers;
        var readerTasks = Enumerable.Range(0, readers).Select(part => Task.Factory.StartNew(() =>
        {
            try
            {
                using var readerScope = part == 0 ? null : scopes.CreateScope();
                var readerDb = readerScope?.ServiceProvider.GetRequiredService<DbContext>() ?? db;
                // a synchronous query takes no token: cancelling interrupts it in the database
                using var interrupt = stop.Token.Register(() => Interrupt(readerDb.Database.GetDbConnection()));
                readerDb.Database.OpenConnection();
                using var command = LeanCommand(readerDb, part);
                foreach (var chunk in ReadLean(command).Chunk(ChunkSize / readers))
                {
                    stop.Token.ThrowIfCancellationRequested();
                    while (!read.Writer.TryWrite(chunk))
                        read.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult();
                }
                if (Interlocked.Decrement(ref reading) == 0)
                    read.Writer.Complete();
            }
            catch (Exception e)
            {
                read.Writer.TryComplete(e);
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        var pauser = Task.Factory.StartNew(() =>
        {
            try
            {
                using var historyScope = scopes.CreateScope();
                var historyDb = historyScope.ServiceProvider.GetRequiredService<DbContext>();
                using var interrupt = stop.Token.Register(() => Interrupt(historyDb.Database.GetDbConnection()));
                // which requests were ever in a pause status of the draft (one pass over the history in the database, while
                // the first chunks are read); the pauses are then computed for those only
                var everPaused = new HashSet<Guid>();
                if (pauseValues.Count > 0)
                {
                    historyDb.Database.OpenConnection();
                    using var command = historyDb.Set<SlaStatusChangeRecord>().AsNoTracking().Where(h => pauseValues.Contains(h.Status))
                        .Select(h => h.RequestId).Distinct().CreateDbCommand();
                    using var ids = SlaImpactCursor.Open(command);
                    while (ids.Read())
                        everPaused.Add(ids.Guid(0));
                }
                while (read.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                {
                    while (read.Reader.TryRead(out var chunk))
                    {
                        var item = (chunk, Pauses(historyDb, draft, pauseValues, everPaused, chunk, stop.Token));
                        while (!ready.Writer.TryWrite(item))
                            ready.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult();
                    }
                }
                ready.Writer.Complete();
            }
            catch (Exception e)
            {
                ready.Writer.Complete(e);
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var tally = new Tally();
        var parts = Math.Max(1, Environment.ProcessorCount);
        long processed = 0;
        var reported = DateTime.UtcNow;
        try
        {
            await foreach (var (rows, pauses) in ready.Reader.ReadAllAsync(ct))
            {
                var tallies = new Tally[parts];
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = ct },
                    part => tallies[part] = EvaluatePart(draft, rows, part, parts, pauses, tiers, levels, teams, now));
                foreach (var part in tallies)
                    tally.Merge(part);
                processed += rows.Length;
                if ((DateTime.UtcNow - reported).TotalMilliseconds >= 250)
                {
                    await progress(processed, Math.Max(total, processed));
                    reported = DateTime.UtcNow;
                }
            }
        }
        finally
        {
            // stopped or failed: the readers stop too, and their connections go back before the job ends
            await stop.CancelAsync();
            await Task.WhenAll([.. readerTasks, pauser]).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await progress(processed, Math.Max(total, processed));
        var (openCount, changed, breachedDraft, breachedNow) = (tally.Open, tally.Changed, tally.BreachedUnderDraftOpen, tally.BreachedNow);
        var (closedCount, metBefore, breachedBefore, metDraft, breachedUnderDraft) =
            (tally.Closed, tally.MetBefore, tally.BreachedBefore, tally.MetUnderDraft, tally.BreachedUnderDraft);
        var (examples, groups) = (tally.Examples, tally.Groups);

        return new SlaImpactResult(p.PolicyId, draftRecord.Version, now,
            new SlaOpenImpact(openCount, changed, breachedDraft, breachedNow, Soonest(examples)),
            new SlaClosedImpact(from, to, closedCount, metBefore, breachedBefore, metDraft, breachedUnderDraft,
                groups.OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
                    .Select(g => new SlaImpactGroup(g.Key.Item1, g.Key.Item2, g.Value[0], g.Value[1], g.Value[2], g.Value[3], g.Value[4])).ToList()),
            (DateTime.UtcNow - started).TotalSeconds);
    }

    /// <summary>What a part of the requests adds up to: counts, groups by type, priority and team, the soonest changes.</summary>
    private sealed class Tally
    {
        public int Open, Changed, BreachedUnderDraftOpen, BreachedNow, Closed, MetBefore, BreachedBefore, MetUnderDraft, BreachedUnderDraft;

        public List<SlaImpactChange> Examples { get; private set; } = [];

        public Dictionary<(string, string), int[]> Groups { get; } = [];

        public void Add(Lean r, Outcome o, Dictionary<Guid, string> teams)
        {
            if (o.Open)
            {
                Open++;
                Changed += o.Changed ? 1 : 0;
                BreachedUnderDraftOpen += o.BreachedUnder ? 1 : 0;
                BreachedNow += o.BreachedNow ? 1 : 0;
                if (o.Example is { } example)
                {
                    Examples.Add(example);
                    if (Examples.Count > 4 * ExampleCount)
                        Examples = Soonest(Examples);
                }
                return;
            }
            Closed++;
            (MetBefore, BreachedBefore) = o.Before ? (MetBefore, BreachedBefore + 1) : (MetBefore + 1, BreachedBefore);
            (MetUnderDraft, BreachedUnderDraft) = o.Under ? (MetUnderDraft, BreachedUnderDraft + 1) : (MetUnderDraft + 1, BreachedUnderDraft);
            var team = r.TeamId is { } t && teams.TryGetValue(t, out var code) ? code : "(none)";
            Count(Groups, ("type", r.Type.ToString()), o);
            Count(Groups, ("priority", r.Priority.ToString()), o);
            Count(Groups, ("team", team), o);
        }

        public void Merge(Tally other)
        {
            (Open, Changed, BreachedUnderDraftOpen, BreachedNow) =
                (Open + other.Open, Changed + other.Changed, BreachedUnderDraftOpen + other.BreachedUnderDraftOpen, BreachedNow + other.BreachedNow);
            (Closed, MetBefore, BreachedBefore, MetUnderDraft, BreachedUnderDraft) = (Closed + other.Closed, MetBefore + other.MetBefore,
                BreachedBefore + other.BreachedBefore, MetUnderDraft + other.MetUnderDraft, BreachedUnderDraft + other.BreachedUnderDraft);
            foreach (var (key, counts) in other.Groups)
            {
                if (!Groups.TryGetValue(key, out var mine))
                    Groups[key] = mine = new int[5];
                for (var i = 0; i < 5; i++)
                    mine[i] += counts[i];
            }
            Examples.AddRange(other.Examples);
            if (Examples.Count > 4 * ExampleCount)
                Examples = Soonest(Examples);
        }
    }

    /// <summary>
    /// Stops the statement running on <paramref name="connection"/> from another thread: SQLite's interrupt, PostgreSQL's
    /// cancel request for its backend (SQL Server: the statement runs to its end; the reader stops at the next chunk).
    /// </summary>
    private static void Interrupt(global::System.Data.Common.DbConnection connection)
    {
        try
        {
            switch (connection)
            {
                case Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle }:
                    SQLitePCL.raw.sqlite3_interrupt(handle);
                    break;
                case Npgsql.NpgsqlConnection { FullState: global::System.Data.ConnectionState.Open | global::System.Data.ConnectionState.Fetching or global::System.Data.ConnectionState.Open | global::System.Data.ConnectionState.Executing } pg:
                    using (var other = pg.CloneWith(pg.ConnectionString))
                    {
                        other.Open();
                        using var cancel = new Npgsql.NpgsqlCommand("SELECT pg_cancel_backend(@pid)", other);
                        cancel.Parameters.AddWithValue("pid", pg.ProcessID);
                        cancel.ExecuteNonQuery();
                    }
                    break;
            }
        }
        catch (Exception e) when (e is global::System.Data.Common.DbException or InvalidOperationException or ObjectDisposedException)
        {
            // finished or closed meanwhile: nothing left to stop
        }
    }

    private static List<SlaImpactChange> Soonest(List<SlaImpactChange> changes) =>
        changes.OrderBy(x => x.DraftDue ?? DateTimeOffset.MaxValue).ThenBy(x => x.Number, StringComparer.Ordinal).Take(ExampleCount).ToList();

    private static void Count(Dictionary<(string, string), int[]> groups, (string, string) key, Outcome o)
    {
        if (!groups.TryGetValue(key, out var counts))
            groups[key] = counts = new int[5];
        counts[0]++;
        counts[o.Before ? 2 : 1]++;
        counts[o.Under ? 4 : 3]++;
    }

    /// <summary>
    /// The pauses under the draft of the requests of a chunk that were ever in a pause status, from their status history: on SQLite
    /// and PostgreSQL read in order with a plain data reader (<see cref="HistorySql"/>), on SQL Server through EF and sorted here;
    /// both as <see cref="SlaPolicyVersion.PausesFrom"/> does for one request.
    /// </summary>
    private static Dictionary<Guid, List<Pause>> Pauses(DbContext db, SlaPolicyVersion draft, List<string> pauseValues,
        HashSet<Guid> everPaused, Lean[] chunk, CancellationToken ct)
    {
        var pauses = new Dictionary<Guid, List<Pause>>();
        if (pauseValues.Count == 0)
            return pauses;
        var paused = new List<Guid>();
        foreach (var r in chunk)
        {
            if (everPaused.Contains(r.Id))
                paused.Add(r.Id);
        }
        if (paused.Count == 0)
            return pauses;
        ct.ThrowIfCancellationRequested();
        if (db.Database.IsSqlite() || db.Database.IsNpgsql())
        {
            PausesInTheDatabase(db, draft, paused, pauses);
            return pauses;
        }
        var history = new Dictionary<Guid, List<(DateTimeOffset At, Guid Id, string Status)>>();
        // one parameter for the list (a JSON array), not thousands of them
        foreach (var h in db.Set<SlaStatusChangeRecord>().AsNoTracking().Where(h => EF.Parameter(paused).Contains(h.RequestId))
                     .Select(h => new { h.RequestId, h.At, h.Id, h.Status }))
        {
            if (!history.TryGetValue(h.RequestId, out var list))
                history[h.RequestId] = list = [];
            list.Add((h.At, h.Id, h.Status));
        }
        foreach (var (id, changes) in history)
        {
            if (changes.Count < 2)
                continue; // as opened: no pause computed from a single status
            changes.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id));
            if (draft.PausesFrom(changes.Select(c => new SlaStatusChange(c.Status, c.At))) is { Count: > 0 } found)
                pauses[id] = [.. found];
        }
        return pauses;
    }

    /// <summary>
    /// The status history of the requests <c>{ids}</c>, only the columns the pauses need, ordered as
    /// <see cref="SlaPolicyVersion.PausesFrom"/> reads it (by time, then id), request by request.
    /// </summary>
    internal const string HistorySql = """
        SELECT "request_id", "at", "status" FROM "sla_status_changes" WHERE "request_id" {ids} ORDER BY "request_id", "at", "id"
        """;

    /// <summary>
    /// The pauses of <paramref name="paused"/> from their history read with a plain data reader (no entity per row), request by
    /// request in order: the same walk as <see cref="SlaPolicyVersion.PausesFrom"/> (a pause starts at a change into a pause
    /// status and ends at the next change to another status, case aside; open if none), none for a request with one change
    /// (as opened).
    /// </summary>
    private static void PausesInTheDatabase(DbContext db, SlaPolicyVersion draft, List<Guid> paused, Dictionary<Guid, List<Pause>> pauses)
    {
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        if (connection.State != global::System.Data.ConnectionState.Open)
            db.Database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = HistorySql.Replace("{ids}", sqlite ? "IN (SELECT \"value\" FROM json_each(@ids))" : "= ANY(@ids)", StringComparison.Ordinal);
        var ids = command.CreateParameter();
        ids.ParameterName = "ids";
        ids.Value = sqlite ? JsonSerializer.Serialize(paused.Select(id => id.ToString().ToUpperInvariant())) : paused.ToArray();
        command.Parameters.Add(ids);
        using var reader = SlaImpactCursor.Open(command);
        var statuses = new SlaImpactCursor.Values<string>(text => text);
        var (current, changes) = (Guid.Empty, 0);
        List<Pause>? found = null;
        string? pausedStatus = null;
        var pausedAt = DateTimeOffset.MinValue;
        void Flush()
        {
            if (pausedStatus is not null)
                (found ??= []).Add(new Pause(pausedAt, null, pausedStatus));
            if (changes > 1 && found is not null)
                pauses[current] = found;
        }
        while (reader.Read())
        {
            var id = reader.Guid(0);
            if (id != current || changes == 0)
            {
                if (changes > 0)
                    Flush();
                (current, changes, found, pausedStatus) = (id, 0, null, null);
            }
            changes++;
            var at = reader.Time(1);
            var status = reader.Value(2, statuses);
            if (pausedStatus is not null && !string.Equals(pausedStatus, status, StringComparison.OrdinalIgnoreCase))
            {
                (found ??= []).Add(new Pause(pausedAt, at, pausedStatus));
                pausedStatus = null;
            }
            if (pausedStatus is null && draft.PauseStatuses.Contains(status))
                (pausedStatus, pausedAt) = (status, at);
        }
        if (changes > 0)
            Flush();
    }

    /// <summary>
    /// The rows of <paramref name="command"/> (the columns of <see cref="Lean"/>, by name) as they come, through a
    /// <see cref="SlaImpactCursor"/>: no entity per row; on SQLite no string per GUID, status, type, priority, region or product line,
    /// and the number only of open requests (the closed ones give no example).
    /// </summary>
    private static IEnumerable<Lean> ReadLean(global::System.Data.Common.DbCommand command)
    {
        var types = new SlaImpactCursor.Values<ServiceRequestType>(Enum.Parse<ServiceRequestType>);
        var priorities = new SlaImpactCursor.Values<RequestPriority>(Enum.Parse<RequestPriority>);
        var statuses = new SlaImpactCursor.Values<ServiceRequestStatus>(Enum.Parse<ServiceRequestStatus>);
        var texts = new SlaImpactCursor.Values<string>(text => text);
        using var rows = SlaImpactCursor.Open(command);
        var c = rows.Ordinals("id", "number", "type", "priority", "status", "region", "product_line", "team_id", "customer_id",
            "installed_product_id", "opened_at", "work_started_at", "first_responded_at", "arrived_at", "resolved_at", "first_response_due",
            "on_site_due", "resolution_due");
        while (rows.Read())
        {
            var status = rows.Value(c[4], statuses);
            yield return new Lean(rows.Guid(c[0]), RequestSla.Done.Contains(status) ? "" : rows.Text(c[1]), rows.Value(c[2], types),
                rows.Value(c[3], priorities), status, rows.IsNull(c[5]) ? null : rows.Value(c[5], texts),
                rows.IsNull(c[6]) ? null : rows.Value(c[6], texts), rows.NullableGuid(c[7]), rows.Guid(c[8]), rows.NullableGuid(c[9]),
                rows.Time(c[10]), rows.NullableTime(c[11]), rows.NullableTime(c[12]), rows.NullableTime(c[13]), rows.NullableTime(c[14]),
                rows.NullableTime(c[15]), rows.NullableTime(c[16]), rows.NullableTime(c[17]));
        }
    }

    /// <summary>
    /// Runs the preview's evaluation — <see cref="EvaluatePart"/> split over the cores as a chunk is, <see cref="Tally"/>, the
    /// clock — over <paramref name="rows"/> made-up requests per round shared by <paramref name="versions"/> (at least 200 each): open and
    /// closed, every type, priority and region, some paused, some with a pause still open. Done when a host starts, so
    /// the first preview after it finds this code compiled at its final tier instead of paying for the JIT's lower tiers
    /// over a whole preview. The rounds are apart so that the JIT's background tiers (after 30 calls, then with the
    /// profile gathered) are reached in between. Nothing is read or written.
    /// </summary>
    internal static async Task WarmUpAsync(IReadOnlyList<SlaPolicyVersion> versions, int rows, int rounds, TimeSpan apart, CancellationToken ct)
    {
        var random = new Random(10);
        var now = DateTimeOffset.UtcNow;
        var customers = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToArray();
        string[] tierNames = ["Standard", "Silver", "Gold", "Vip"];
        var tiers = customers.Select((id, i) => (id, tierNames[i % tierNames.Length])).ToDictionary(x => x.id, x => x.Item2);
        var teamIds = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var teams = teamIds.Select((id, i) => (id, $"W{i}")).ToDictionary(x => x.id, x => x.Item2);
        var regions = versions.SelectMany(v => v.RegionalCalendars.Keys).Append("Shanghai").Append("Elsewhere").Distinct().ToArray();
        var (types, priorities) = (Enum.GetValues<ServiceRequestType>(), Enum.GetValues<RequestPriority>());
        var statuses = Enum.GetValues<ServiceRequestStatus>();
        var parts = Math.Max(1, Environment.ProcessorCount);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var version in versions)
            {
                ct.ThrowIfCancellationRequested();
                var pauses = new Dictionary<Guid, List<Pause>>();
                var chunk = new Lean[Math.Max(200, rows / versions.Count)];
                for (var i = 0; i < chunk.Length; i++)
                {
                    var opened = now.AddMinutes(-random.Next(1, 60 * 24 * 60));
                    var status = statuses[random.Next(statuses.Length)];
                    DateTimeOffset? At(int minutes) => random.Next(4) == 0 ? null : opened.AddMinutes(random.Next(1, minutes));
                    var id = Guid.NewGuid();
                    if (random.Next(3) == 0)
                    {
                        var from = opened.AddMinutes(random.Next(1, 600));
                        pauses[id] = random.Next(4) == 0 ? [new Pause(from, null, "WaitingForParts")] : [new Pause(from, from.AddMinutes(random.Next(1, 3000)), "WaitingForCustomer")];
                    }
                    chunk[i] = new Lean(id, $"W-{i}", types[random.Next(types.Length)], priorities[random.Next(priorities.Length)], status,
                        regions[random.Next(regions.Length)], random.Next(2) == 0 ? "air-conditioner" : null, teamIds[random.Next(teamIds.Length)],
                        customers[random.Next(customers.Length)], null, opened, At(600), At(120), At(2000), RequestSla.Done.Contains(status) ? opened.AddMinutes(random.Next(1, 9000)) : null,
                        At(60), At(1500), At(3000));
                }
                var tallies = new Tally[parts];
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts, CancellationToken = ct },
                    part => tallies[part] = EvaluatePart(version, chunk, part, parts, pauses, tiers, new Dictionary<Guid, string>(), teams, now));
                var tally = new Tally();
                foreach (var part in tallies)
                    tally.Merge(part);
                _ = Soonest(tally.Examples);
            }
            await Task.Delay(apart, ct);
        }
    }

    /// <summary>The outcomes of one of <paramref name="parts"/> equal slices of a chunk, added up.</summary>
    private static Tally EvaluatePart(SlaPolicyVersion draft, Lean[] rows, int part, int parts, Dictionary<Guid, List<Pause>> pauses,
        Dictionary<Guid, string> tiers, Dictionary<Guid, string> levels, Dictionary<Guid, string> teams, DateTimeOffset now)
    {
        var tally = new Tally();
        var (first, end) = ((int)((long)rows.Length * part / parts), (int)((long)rows.Length * (part + 1) / parts));
        for (var i = first; i < end; i++)
            tally.Add(rows[i], Evaluate(draft, rows[i], pauses, tiers, levels, now), teams);
        return tally;
    }

    private static Outcome Evaluate(SlaPolicyVersion draft, Lean r, Dictionary<Guid, List<Pause>> pauses, Dictionary<Guid, string> tiers,
        Dictionary<Guid, string> levels, DateTimeOffset now)
    {
        var due = SlaRuleMatcher.DueTimes(draft, new SlaRequest(r.Type.ToString(), r.Priority.ToString(), r.OpenedAt)
        {
            CustomerTier = tiers.GetValueOrDefault(r.CustomerId),
            ContractLevel = r.InstalledProductId is { } product ? levels.GetValueOrDefault(product) : null,
            Region = r.Region,
            ProductLine = r.ProductLine,
            WorkStartedAt = r.WorkStartedAt,
            Pauses = pauses.TryGetValue(r.Id, out var stops) ? stops : [],
        });
        var (first, onSite, resolution) = (due.FirstResponseDue?.ToUniversalTime(), due.OnSiteDue?.ToUniversalTime(), due.ResolutionDue?.ToUniversalTime());
        DateTimeOffset? DraftDue(SlaTargetKind k) => k switch
        {
            SlaTargetKind.FirstResponse => first,
            SlaTargetKind.OnSite => onSite,
            _ => resolution,
        };
        var kinds = Kinds;
        if (RequestSla.Done.Contains(r.Status))
        {
            bool before = false, under = false;
            foreach (var k in kinds)
            {
                before |= Breached(Due(r, k), r, k);
                under |= Breached(DraftDue(k), r, k);
            }
            return new Outcome(false, false, false, false, before, under, null);
        }

        SlaImpactChange? example = null;
        bool breachedUnder = false, breachedNow = false;
        foreach (var k in kinds)
        {
            var met = MetAt(r, k);
            breachedUnder |= DraftDue(k) is { } d && d < now && met is null;
            breachedNow |= Due(r, k) is { } c && c < now && met is null;
            if (example is null && !Close(Due(r, k), DraftDue(k)))
                example = new SlaImpactChange(r.Id, r.Number, k.ToString(), Due(r, k), DraftDue(k), false);
        }
        return example is null
            ? new Outcome(true, false, false, breachedNow, false, false, null)
            : new Outcome(true, true, breachedUnder, breachedNow, false, false, example with { BreachedUnderDraft = breachedUnder });
    }

    private static readonly SlaTargetKind[] Kinds = Enum.GetValues<SlaTargetKind>();

    private static DateTimeOffset? Due(Lean r, SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => r.FirstResponseDue,
        SlaTargetKind.OnSite => r.OnSiteDue,
        _ => r.ResolutionDue,
    };

    private static DateTimeOffset? MetAt(Lean r, SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => r.FirstRespondedAt ?? r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt,
        SlaTargetKind.OnSite => r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt,
        _ => r.ResolvedAt,
    };

    private static bool Breached(DateTimeOffset? due, Lean r, SlaTargetKind kind) =>
        due is { } d && (MetAt(r, kind) ?? DateTimeOffset.MaxValue) > d;

    internal static IAsyncEnumerable<Row> Rows(DbContext db, IQueryable<ServiceRequest> requests) =>
        (from r in requests
         join c in db.Set<Customer>() on r.CustomerId equals c.Id
         from ip in db.Set<InstalledProduct>().Where(x => x.Id == r.InstalledProductId).DefaultIfEmpty()
         from k in db.Set<ServiceContract>().Where(x => ip != null && x.Id == ip.ContractId).DefaultIfEmpty()
         select new Row(r.Id, r.Number, r.Type, r.Priority, r.Status, r.Region, r.ProductLine, r.TeamId, r.OpenedAt, r.WorkStartedAt,
             r.FirstRespondedAt, r.ArrivedAt, r.ResolvedAt, r.FirstResponseDue, r.OnSiteDue, r.ResolutionDue, c.Tier,
             k == null ? null : (ContractLevel?)k.Level, r.SlaPolicyVersion)).AsAsyncEnumerable();

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
public sealed class SlaJobRunner(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SlaOptions> options, IHostApplicationLifetime lifetime,
    ILogger<SlaJobRunner> log) : BackgroundService
{
    /// <summary>How long after the host reports started the preview's code is warmed up: after the first requests a boot serves.</summary>
    private static readonly TimeSpan WarmUpAfter = TimeSpan.FromSeconds(1);
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public void Enqueue(Guid id) => _queue.Writer.TryWrite(id);

    /// <summary>Stops the job if it runs here (its row already says Cancelled).</summary>
    public void Cancel(Guid id)
    {
        if (_running.TryGetValue(id, out var running))
        {
            try
            {
                running.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it finished meanwhile
            }
        }
    }

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

        if (options.Value.WarmUp)
            _ = WarmUpAsync(stoppingToken); // logs its own failure
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
            catch (OperationCanceledException)
            {
                log.LogInformation("SLA job {Job} was cancelled", id);
            }
            catch (Exception e)
            {
                log.LogError(e, "SLA job {Job} failed", id);
                await FinishAsync(id, SlaJobStatus.Failed, null, e.Message, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Warms the preview's evaluation (<see cref="SlaImpact.WarmUpAsync"/>) under the 7 latest policy versions there are and the
    /// shipped default, on the thread pool, a moment after the host reports started; speed alone is at stake, so a failure
    /// is only logged.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        try
        {
            var started = new TaskCompletionSource();
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(ct);
            await Task.Delay(WarmUpAfter, ct);
            var watch = global::System.Diagnostics.Stopwatch.StartNew();
            List<SlaPolicyVersion> versions = [SlaPolicyVersion.ShippedDefault()];
            await using (var scope = scopes.CreateAsyncScope())
            {
                var store = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>();
                foreach (var record in await scope.ServiceProvider.GetRequiredService<DbContext>().Set<SlaPolicyVersionRecord>().AsNoTracking()
                             .OrderByDescending(v => v.Version).Take(7).ToListAsync(ct))
                    versions.Add(store.Parse(record));
            }
            await Task.Run(() => SlaImpact.WarmUpAsync(versions, 2_000, 4, TimeSpan.FromMilliseconds(250), ct), ct);
            log.LogInformation("SLA impact preview warmed up under {Versions} policy versions in {Elapsed} ms", versions.Count,
                (int)watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "The SLA impact preview was not warmed up; the first preview after this start runs slower");
        }
        catch (OperationCanceledException)
        {
            // the host stops
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
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running[id] = cancel;
        try
        {
            var job = await db.Set<SlaJobRecord>().AsNoTracking().FirstAsync(j => j.Id == id, cancel.Token);
            var store = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>();
            async Task Progress(long done, long total)
            {
                await using var progressScope = scopes.CreateAsyncScope();
                var stillRunning = await progressScope.ServiceProvider.GetRequiredService<DbContext>().Set<SlaJobRecord>()
                    .Where(j => j.Id == id && j.Status == SlaJobStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, total), cancel.Token);
                if (stillRunning == 0)
                    await cancel.CancelAsync(); // cancelled meanwhile (maybe through another host)
                cancel.Token.ThrowIfCancellationRequested();
            }
            object result = job.Kind == SlaApply.Kind
                ? await SlaApply.RunAsync(db, store, job, now, Progress, cancel.Token)
                : await SlaImpact.RunAsync(db, scopes, store, job.Parameters, now, Progress, cancel.Token);
            await FinishAsync(id, SlaJobStatus.Succeeded, JsonSerializer.Serialize(result, result.GetType(), SlaPolicyStore.Json), null, ct);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }

    private async Task FinishAsync(Guid id, SlaJobStatus status, string? result, string? error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var message = error is { Length: > 4000 } ? error[..4000] : error;
        // a job cancelled meanwhile stays cancelled
        await scope.ServiceProvider.GetRequiredService<DbContext>().Set<SlaJobRecord>()
            .Where(j => j.Id == id && (j.Status == SlaJobStatus.Queued || j.Status == SlaJobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.Result, result)
                .SetProperty(j => j.Error, message).SetProperty(j => j.FinishedAt, now), ct);
    }
}
