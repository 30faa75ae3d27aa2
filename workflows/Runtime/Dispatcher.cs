using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Claims dispatches and runs their bursts. Woken in-process right after a commit that wrote a
/// dispatch; polls as the fallback (dispatches written by another node, leases that expired).
/// On shutdown it stops claiming; a burst in flight either commits or leaves its dispatch for a restart.
/// </summary>
public sealed class Dispatcher(IServiceScopeFactory scopes, BurstRunner runner, DispatchSignal signal, TimeProvider clock,
    IOptions<WorkflowOptions> options, StartupPasses startup, ILogger<Dispatcher> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunDispatcher)
            return Task.CompletedTask;
        return RunAsync(stoppingToken);
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var firstPasses = Enumerable.Range(0, options.Value.Workers).Select(_ => startup.Begin()).ToArray();
        await ReleaseOrphanedClaimsAsync(stoppingToken);
        var workers = Enumerable.Range(0, options.Value.Workers)
            .Select(i => Task.Run(() => LoopAsync($"{options.Value.NodeName}#{i}", firstPasses[i], stoppingToken), CancellationToken.None));
        await Task.WhenAll(workers);
    }

    /// <summary>
    /// On SQLite this host is the only one (the file lock guarantees it), so claims left by a previous
    /// run that died are given back at once instead of waiting for their leases to expire.
    /// </summary>
    private async Task ReleaseOrphanedClaimsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) != true)
                return;
            var released = await db.Set<Persistence.DispatchRecord>()
                .Where(d => d.Status == Persistence.DispatchStatus.Pending && d.LeaseOwner != null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, (string?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null),
                    stoppingToken);
            if (released > 0)
                log.LogInformation("Gave back {Count} dispatches claimed by a previous run of this host", released);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not give back the previous run's claims; their leases expire instead");
        }
    }

    private async Task LoopAsync(string owner, StartupPasses.FirstPass firstPass, CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            List<long> claimed;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                claimed = await DispatchClaimer.ClaimAsync(db, owner, clock.GetUtcNow(), o.Lease, o.ClaimBatch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Claiming dispatches failed; retrying");
                firstPass.Done();
                await Wait(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }
            if (claimed.Count == 0)
            {
                firstPass.Done();
                await Wait(o.PollInterval, stoppingToken);
                continue;
            }
            // the claimed batch commits as one transaction (group commit); no cancellation inside it: it commits whole
            // or not at all, and the host's shutdown timeout bounds it
            await runner.RunBatchAsync(claimed, CancellationToken.None);
            firstPass.Done();
        }
    }

    private async Task Wait(TimeSpan timeout, CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(timeout, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
