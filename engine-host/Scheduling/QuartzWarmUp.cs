using Quartz;

namespace Orchestrator.EngineHost.Scheduling;

/// <summary>
/// Right after Quartz's scheduler starts, its misfire handler and trigger acquisition run their first transactions,
/// cold (JIT, first statements), holding the database's write lock meanwhile; on SQLite a request arriving then waits
/// for them. This service, started after Quartz and before the host reports started, schedules and deletes a timer
/// far in the future: it queues behind those first transactions and warms the scheduling path the engine uses, so the
/// first request after a boot finds the scheduler quiet. Nothing is left in the job store.
/// </summary>
internal sealed class QuartzWarmUp(ISchedulerFactory schedulers, ILogger<QuartzWarmUp> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var job = JobBuilder.Create<FireTimerJob>().WithIdentity($"warm-up-{Guid.NewGuid():N}", QuartzTimerScheduler.Group).Build();
            var trigger = TriggerBuilder.Create().ForJob(job).StartAt(DateTimeOffset.UtcNow.AddYears(50)).Build();
            await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
            await scheduler.DeleteJob(job.Key, cancellationToken);
            log.LogInformation("Scheduler warmed up in {Elapsed} ms", (int)started.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // only speed is at stake
            log.LogWarning(e, "Scheduler warm-up failed; the first timer after this start runs cold");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
