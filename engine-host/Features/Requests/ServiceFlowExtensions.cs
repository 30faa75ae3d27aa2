using Orchestrator.Activities;
using Orchestrator.EngineHost.Features.FieldTasks;
using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.EngineHost.Features.Scheduling;
using Orchestrator.EngineHost.Features.Webhooks;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>The service flows: the after-sales activities, the shipped definitions, the intake (API and webhook), request events, visit reports.</summary>
public static class ServiceFlowExtensions
{
    public static IServiceCollection AddServiceFlows(this IServiceCollection services)
    {
        services.AddAfterSalesActivities();
        services.AddScoped<RequestIntake>();
        services.AddSingleton<IWebhookAction, ServiceRequestWebhookAction>();
        services.AddSingleton<IWebhookAction, WithdrawRequestWebhookAction>();
        services.AddSingleton<RequestEventsInterceptor>();
        services.AddDbContextInterceptor<RequestEventsInterceptor>();
        services.AddSingleton<RequestStatusHistoryInterceptor>();
        services.AddDbContextInterceptor<RequestStatusHistoryInterceptor>();
        services.AddHostedService<ShippedFlows>();
        return services;
    }

    public static IEndpointRouteBuilder MapServiceFlows(this IEndpointRouteBuilder app)
    {
        app.MapRequests();
        app.MapFieldTaskReports();
        app.MapServiceSchedules();
        return app;
    }
}
