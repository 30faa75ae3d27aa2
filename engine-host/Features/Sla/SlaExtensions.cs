namespace Orchestrator.EngineHost.Features.Sla;

internal static class SlaExtensions
{
    /// <summary>The escalation pump (the <c>Sla</c> section) and the SLA jobs.</summary>
    public static IServiceCollection AddSlaAdministration(this IServiceCollection services)
    {
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section);
        services.AddSingleton<SlaEscalationPump>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaEscalationPump>());
        services.AddSingleton<SlaJobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaJobRunner>());
        return services;
    }
}
