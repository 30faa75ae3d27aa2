using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Samples;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>
/// At start (after migrations): the shipped SLA policy exists, so every request has a policy to run under; and on a
/// first start with <c>Samples:Load</c> (Development by default) the sample data is loaded into the empty database.
/// </summary>
internal sealed class DomainStartup(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment,
    ILogger<DomainStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        await SlaPolicyStore.EnsureDefaultAsync(db, cancellationToken);
        if (!SamplesExtensions.LoadOnStart(configuration, environment) || await db.Set<Customer>().AnyAsync(cancellationToken))
            return;
        log.LogInformation("First start with Samples:Load: loading the sample data");
        await services.SeedSamplesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
