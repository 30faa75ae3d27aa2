using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Workflows.Runtime;

public static class OutboxRegistration
{
    /// <summary>
    /// The outbox deliverer, its wake-up signal and the interceptor that fires it. The host adds
    /// <see cref="OutboxSignalInterceptor"/> to its DbContext and registers an <see cref="IOutboxChannel"/> per channel.
    /// </summary>
    public static IServiceCollection AddOutboxDelivery(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxSignalInterceptor>();
        services.TryAddSingleton<OutboxDeliverer>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDeliverer>());
        return services;
    }
}
