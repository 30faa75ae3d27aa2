using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Imports;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>Where a running import stands: its status and the rows done of the current phase.</summary>
public sealed record ImportProgress(Guid JobId, ImportStatus Status, int TotalRows, int ProcessedRows, DateTimeOffset At);

/// <summary>
/// The live progress of the imports this host runs, so a poll or an event stream sees every batch at once (the job row is
/// updated too, except while SQLite's single writer is busy writing the import itself). <see cref="Changed"/> pulses on
/// every update.
/// </summary>
public sealed class ImportProgressHub
{
    private readonly ConcurrentDictionary<Guid, ImportProgress> _live = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Each update as it happens (tests and the event stream listen).</summary>
    public event Action<ImportProgress>? Updated;

    public ImportProgress? Live(Guid jobId) => _live.TryGetValue(jobId, out var p) ? p : null;

    /// <summary>Completes at the next update of any import.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    internal void Report(ImportProgress progress)
    {
        if (progress.Status is ImportStatus.Succeeded or ImportStatus.Rejected or ImportStatus.Failed)
            _live.TryRemove(progress.JobId, out _);
        else
            _live[progress.JobId] = progress;
        Updated?.Invoke(progress);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

/// <summary>
/// Runs the queued imports one at a time: validates every row, and only when all are valid writes them in one
/// transaction. A job is claimed by compare-and-swap on its status, so with several hosts each runs once; at start the
/// host picks up what was queued and fails what a stopped host left running (its transaction was rolled back).
/// </summary>
public sealed class ImportRunner(IServiceProvider services, ImportProgressHub hub, TimeProvider time, ILogger<ImportRunner> log)
    : BackgroundService
{
    /// <summary>A running job whose worker gave no sign of life for this long was interrupted.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RowUpdateInterval = TimeSpan.FromMilliseconds(500);

    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    private IServiceProvider Services => services;

    private ImportProgressHub Hub => hub;

    private TimeProvider Time => time;

    public static IReadOnlyList<ImportKind> Kinds { get; } = [new CustomerImport(), new InstalledProductImport()];

    public void Enqueue(Guid jobId) => _queue.Writer.TryWrite(jobId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RecoverAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not look for imports left queued or running");
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
                log.LogError(e, "Import {JobId} failed", id);
                await FinishAsync(id, ImportStatus.Failed, $"The import failed: {e.Message} Nothing was written.", CancellationToken.None);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        var stale = time.GetUtcNow() - Abandoned;
        var running = await db.Set<ImportJob>().Where(j => j.Status == ImportStatus.Validating || j.Status == ImportStatus.Writing)
            .Select(j => new { j.Id, j.HeartbeatAt }).ToListAsync(ct);
        foreach (var job in running.Where(j => j.HeartbeatAt is null || j.HeartbeatAt < stale))
            await FinishAsync(job.Id, ImportStatus.Failed, "The host stopped while the import ran; nothing was written. Upload the file again.", ct);
        foreach (var id in await db.Set<ImportJob>().Where(j => j.Status == ImportStatus.Queued).OrderBy(j => j.CreatedAt)
                     .Select(j => j.Id).ToListAsync(ct))
            Enqueue(id);
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        var now = time.GetUtcNow();
        var claimed = await db.Set<ImportJob>().Where(j => j.Id == id && j.Status == ImportStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportStatus.Validating).SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.HeartbeatAt, now), ct);
        if (claimed != 1)
            return;
        var job = await db.Set<ImportJob>().AsNoTracking().FirstAsync(j => j.Id == id, ct);
        var kind = Kinds.Single(k => k.Name == job.Kind);
        using var actingAs = AuditActing.As(job.CreatedBy ?? "system");

        TableData table;
        try
        {
            table = TableFiles.Read(job.Content ?? [], job.Format);
        }
        catch (TableFileException e)
        {
            await FinishAsync(id, ImportStatus.Rejected, e.Message, ct, errors: [new ImportRowError(1, "", e.Message)], errorCount: 1);
            return;
        }
        var total = table.Rows.Count;
        var progress = new ProgressWriter(this, id, total, db.Database.IsSqlite());
        await progress.ReportAsync(ImportStatus.Validating, 0, ct);

        var report = new ImportReport();
        var plan = await kind.ValidateAsync(db, table, report, n => progress.ReportAsync(ImportStatus.Validating, n, ct), ct);
        if (plan is null || report.Count > 0)
        {
            await FinishAsync(id, ImportStatus.Rejected, $"{report.Count} problem(s) in the file; nothing was written.", ct,
                errors: [.. report.Errors], errorCount: report.Count, total: total, processed: total);
            return;
        }
        if (job.DryRun)
        {
            await FinishAsync(id, ImportStatus.Succeeded, $"All {total} rows are valid (dry run: nothing was written).", ct,
                total: total, processed: total);
            return;
        }

        await progress.ReportAsync(ImportStatus.Writing, 0, ct);
        db.ChangeTracker.Clear();
        (int Created, int Updated, int Unchanged) counts;
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            counts = await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await plan.WriteAsync(db, n => progress.ReportAsync(ImportStatus.Writing, n, ct, writing: true), ct);
                await transaction.CommitAsync(ct);
                return result;
            });
        }
        catch (DbUpdateException e)
        {
            log.LogWarning(e, "Import {JobId} was rolled back", id);
            await FinishAsync(id, ImportStatus.Failed,
                $"Writing the rows clashed with a change made meanwhile ({e.InnerException?.Message ?? e.Message}); nothing was written. Upload the file again.",
                ct, total: total);
            return;
        }
        await FinishAsync(id, ImportStatus.Succeeded,
            $"{counts.Created} created, {counts.Updated} updated, {counts.Unchanged} unchanged.", ct, total: total, processed: total,
            counts: counts);
    }

    private async Task FinishAsync(Guid id, ImportStatus status, string message, CancellationToken ct, List<ImportRowError>? errors = null,
        int errorCount = 0, int? total = null, int? processed = null, (int Created, int Updated, int Unchanged) counts = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        var job = await db.Set<ImportJob>().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null)
            return;
        var now = time.GetUtcNow();
        (job.Status, job.Message, job.FinishedAt, job.HeartbeatAt, job.Content) = (status, message, now, now, null);
        (job.Errors, job.ErrorCount) = (errors ?? [], errorCount);
        job.TotalRows = total ?? job.TotalRows;
        job.ProcessedRows = processed ?? job.ProcessedRows;
        (job.Created, job.Updated, job.Unchanged) = counts;
        await db.SaveChangesAsync(ct);
        hub.Report(new ImportProgress(id, status, job.TotalRows, job.ProcessedRows, now));
    }

    /// <summary>Reports progress to the hub at every batch and to the job row at most every half second (not while
    /// SQLite's one writer is the import's own transaction).</summary>
    private sealed class ProgressWriter(ImportRunner runner, Guid id, int total, bool sqlite)
    {
        private long _lastRowUpdate = long.MinValue / 2;
        private ImportStatus _lastStatus = ImportStatus.Queued;

        public async Task ReportAsync(ImportStatus status, int processed, CancellationToken ct, bool writing = false)
        {
            var now = runner.Time.GetUtcNow();
            runner.Hub.Report(new ImportProgress(id, status, total, processed, now));
            var phaseChanged = status != _lastStatus;
            if ((writing && sqlite) || (!phaseChanged && Environment.TickCount64 - _lastRowUpdate < RowUpdateInterval.TotalMilliseconds))
                return;
            (_lastStatus, _lastRowUpdate) = (status, Environment.TickCount64);
            await using var scope = runner.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
            await db.Set<ImportJob>().Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status)
                .SetProperty(j => j.TotalRows, total).SetProperty(j => j.ProcessedRows, processed).SetProperty(j => j.HeartbeatAt, now), ct);
        }
    }
}
