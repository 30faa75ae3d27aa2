using Orchestrator.EngineHost.Features.Outbox;
using Quartz;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>
/// The after-sales schedules: PM generation (runs, their worker and API), the next due date following completion,
/// the revisit sweep, reminders; and their two Quartz jobs where Quartz runs.
/// </summary>
public static class ServiceScheduleExtensions
{
    public static IServiceCollection AddServiceSchedules(this IServiceCollection services)
    {
        services.AddSingleton<PmGeneration>();
        services.AddSingleton<RevisitSweep>();
        services.AddSingleton<PmRunWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PmRunWorker>());
        services.AddSingleton<PmCompletionInterceptor>();
        services.AddDbContextInterceptor<PmCompletionInterceptor>();
        return services;
    }

    /// <summary>The PM generation and revisit sweep jobs with their cron triggers (UTC); a firing missed while no node ran fires once at start.</summary>
    public static void AddServiceScheduleJobs(this IQuartzBuilder q, EngineHost.Scheduling.SchedulingOptions options)
    {
        q.AddJob<PmGenerationJob>(j => j.WithIdentity(PmGenerationJob.Key).StoreDurably().WithDescription("opens the PM requests falling due"));
        q.AddTrigger(t => t.ForJob(PmGenerationJob.Key).WithIdentity("pm-generation", PmGenerationJob.Key.Group)
            .WithCronSchedule(options.PmGenerationCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        q.AddJob<RevisitSweepJob>(j => j.WithIdentity(RevisitSweepJob.Key).StoreDurably().WithDescription("starts the revisits flows did not"));
        q.AddTrigger(t => t.ForJob(RevisitSweepJob.Key).WithIdentity("revisit-sweep", RevisitSweepJob.Key.Group)
            .WithCronSchedule(options.RevisitSweepCron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    public static IEndpointRouteBuilder MapServiceSchedules(this IEndpointRouteBuilder app)
    {
        app.MapPmRuns();
        app.MapReminders();
        return app;
    }
}
