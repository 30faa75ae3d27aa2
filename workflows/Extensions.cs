using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Activities.BuiltIn;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows;

public static class Extensions
{
    /// <summary>
    /// The engine: built-in activities, expressions, validation, definitions, the client that writes
    /// stimuli, the dispatcher and the timer pump. The host registers the DbContext as <see cref="DbContext"/>
    /// (scoped) and adds <see cref="DispatchSignalInterceptor"/> to it.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
    {
        var options = services.AddOptions<WorkflowOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
            options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        foreach (var type in new[]
                 {
                     typeof(Start), typeof(End), typeof(Decision), typeof(Switch), typeof(Fork), typeof(Join),
                     typeof(SetVariable), typeof(Delay), typeof(WaitForEvent), typeof(HumanTask), typeof(SubWorkflow),
                     typeof(HttpRequest), typeof(SendEmail), typeof(Log), typeof(DeferredChoice), typeof(Cancel), typeof(Loop),
                     typeof(EnterSection), typeof(LeaveSection), typeof(ForEach),
                 })
            services.AddSingleton(typeof(Activity), type);
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<ExpressionEngine>();
        services.AddSingleton<DefinitionValidator>();
        services.AddSingleton<BurstServices>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<DispatchSignalInterceptor>();
        services.AddSingleton<BurstRunner>();
        services.AddSingleton<StartupPasses>();
        services.AddHostedService<EngineWarmUp>();
        services.AddSingleton<TimerPump>();
        services.TryAddSingleton<ITimerScheduler>(sp => sp.GetRequiredService<TimerPump>());
        services.AddHostedService(sp => sp.GetRequiredService<TimerPump>());
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        services.AddOutboxDelivery();
        services.AddScoped<WorkflowClient>();
        services.AddScoped<DefinitionService>();
        services.AddScoped<TaskCompletion>();
        services.AddScoped<InstanceMigration>();
        services.AddSingleton<InMemoryWorkflowEngine>();
        return services;
    }

    /// <summary>Registers an activity type (one instance serves every flow).</summary>
    public static IServiceCollection AddActivity<T>(this IServiceCollection services) where T : Activity =>
        services.AddSingleton<Activity, T>();
}
