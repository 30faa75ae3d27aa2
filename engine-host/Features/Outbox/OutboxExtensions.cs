using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Outbox delivery as the host runs it: the <c>Outbox</c> and <c>Outbound</c> sections, the guarded HTTP
    /// client, the <c>http</c> channel, and the interceptor that wakes the deliverer after a commit.
    /// </summary>
    public static IServiceCollection AddOrchestratorOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.AddOptions<OutboundOptions>().Bind(configuration.GetSection(OutboundOptions.Section));
        services.AddSingleton<OutboundGuard>();
        services.AddHttpClient(OutboundGuard.ClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundGuard>().CreateHandler());
        services.AddSingleton<IOutboxChannel, HttpChannel>();
        services.AddDbContextInterceptor<OutboxSignalInterceptor>();
        return services;
    }

    /// <summary>Adds an interceptor (a singleton service) to the host's DbContext, whichever provider it runs on.</summary>
    public static IServiceCollection AddDbContextInterceptor<T>(this IServiceCollection services)
        where T : class, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor
    {
        services.ConfigureDbContext<SqliteOrchestratorDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<T>()));
        services.ConfigureDbContext<PostgreSqlOrchestratorDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<T>()));
        services.ConfigureDbContext<SqlServerOrchestratorDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<T>()));
        return services;
    }
}
