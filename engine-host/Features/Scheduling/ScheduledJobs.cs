using Quartz;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>
/// The hourly PM generation (<c>Scheduling:PmGenerationCron</c>). In a cluster the trigger fires on one node (clustered
/// job store); were it to run twice, the occurrences' unique key still opens one request per due date.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PmGenerationJob(PmGeneration generation) : IJob
{
    public static readonly JobKey Key = new("pm-generation", "service-schedules");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await generation.RunNowAsync("schedule", null, null, cancellationToken);
}

/// <summary>The revisit sweep (<c>Scheduling:RevisitSweepCron</c>); each request gets its revisit once, by the revisits' key.</summary>
[DisallowConcurrentExecution]
public sealed class RevisitSweepJob(RevisitSweep sweep) : IJob
{
    public static readonly JobKey Key = new("revisit-sweep", "service-schedules");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.RunAsync(cancellationToken);
}
