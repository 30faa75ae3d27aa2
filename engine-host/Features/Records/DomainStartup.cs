using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>At start (after migrations): the shipped SLA policy exists, so every request has a policy to run under.</summary>
internal sealed class DomainStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        await SlaPolicyStore.EnsureDefaultAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
