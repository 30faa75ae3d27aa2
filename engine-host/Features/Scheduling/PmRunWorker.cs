using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Contracts;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>
/// Runs the PM runs an admin asked for (<c>POST /api/pm-runs</c>) in the background, one at a time. At start it picks up
/// runs left queued and fails the runs a stopped host left running (what they opened stays; a new run goes on from there).
/// </summary>
public sealed class PmRunWorker(IServiceScopeFactory scopes, PmGeneration generation, TimeProvider clock, ILogger<PmRunWorker> log)
    : BackgroundService
{
    /// <summary>A running run whose worker gave no sign of life for this long was interrupted.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(5);

    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid runId) => _queue.Writer.TryWrite(runId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RecoverAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not look for PM runs left queued or running");
        }
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await generation.RunAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "PM run {RunId} failed", id);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var stale = clock.GetUtcNow() - Abandoned;
        var now = clock.GetUtcNow();
        await db.Set<PmRun>().Where(r => r.Status == PmRunStatus.Running && (r.HeartbeatAt == null || r.HeartbeatAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, PmRunStatus.Failed).SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Message, "The host stopped while the run ran; what it opened stays, and the next run goes on from there."), ct);
        foreach (var id in await db.Set<PmRun>().Where(r => r.Status == PmRunStatus.Queued).OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(ct))
            Enqueue(id);
    }
}
