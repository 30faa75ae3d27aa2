using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// The in-process timer driver: sleeps until the nearest due timer (or a new one is committed), then
/// fires what is due. Timers due while the host was down fire on start. Safe beside other nodes and
/// beside Quartz: firing is a compare-and-swap on the timer row.
/// </summary>
public sealed class TimerPump(IServiceScopeFactory scopes, DispatchSignal signal, TimeProvider clock,
    IOptions<WorkflowOptions> options, StartupPasses startup, ILogger<TimerPump> log) : BackgroundService, ITimerScheduler
{
    public ValueTask ScheduleAsync(IReadOnlyList<TimerDue> timers, CancellationToken cancellationToken)
    {
        signal.NotifyTimers();
        return ValueTask.CompletedTask;
    }

    /// <summary>Fires what is due now; returns how many fired. Tests call it after moving the clock.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var total = 0;
        int fired;
        do
        {
            fired = await TimerFiring.FireDueAsync(db, clock.GetUtcNow(), 200, cancellationToken);
            total += fired;
        } while (fired == 200);
        if (total > 0)
            signal.Notify();
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunDispatcher)
            return;
        var firstPass = startup.Begin();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await FireDueAsync(stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                var next = await TimerFiring.NextDueAsync(db, stoppingToken);
                wait = next is null ? TimeSpan.FromSeconds(30) : next.Value - clock.GetUtcNow();
                if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
                if (wait > TimeSpan.FromSeconds(30)) wait = TimeSpan.FromSeconds(30);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Firing timers failed; retrying");
                wait = TimeSpan.FromSeconds(1);
            }
            firstPass.Done();
            try
            {
                if (wait > TimeSpan.Zero)
                    await signal.WaitForTimersAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
