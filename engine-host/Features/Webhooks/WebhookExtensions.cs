using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Webhooks;

public static class WebhookExtensions
{
    /// <summary>Webhooks in (<c>Webhooks:Endpoints</c>, signatures, receipts, actions) and out (subscriptions, task events, the <c>webhook</c> channel).</summary>
    public static IServiceCollection AddOrchestratorWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        SecretProtection.AddDatabaseKeyRing(services);
        services.AddSingleton<WebhookEndpointCatalog>();
        services.AddSingleton<IWebhookAction, RaiseEventAction>();
        services.AddSingleton<IWebhookAction, StartFlowAction>();
        services.AddSingleton<IOutboxChannel, WebhookChannel>();
        services.AddSingleton<TaskEventsInterceptor>();
        services.AddDbContextInterceptor<TaskEventsInterceptor>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/{endpoint}", WebhookReceiver.ReceiveAsync).WithTags("Webhooks")
            .WithSummary("Receive a Standard Webhooks request (signed body, read raw); 202 with what was done once it is committed")
            .DisableAntiforgery().AllowAnonymous(); // the signature is the credential
        var admin = app.MapGroup("/api/webhooks").WithTags("Webhooks");
        admin.MapEndpointAdmin();
        admin.MapSubscriptions();
        return app;
    }
}
