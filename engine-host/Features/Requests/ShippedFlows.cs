using System.Reflection;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// The shipped flows (<c>workflows/definitions/*.json</c>, embedded in the host): on start, each flow the database does
/// not know yet is created and published as version 1. A flow that exists — edited, published again, retired — is left
/// as it is. Safe on several hosts at once: a flow another host created first is skipped.
/// </summary>
internal sealed class ShippedFlows(IServiceProvider services, ILogger<ShippedFlows> log) : IHostedService
{
    private const string Prefix = "definitions/";

    public static IEnumerable<(string Name, string Json)> Files()
    {
        var assembly = typeof(ShippedFlows).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[Prefix.Length..], reader.ReadToEnd());
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, json) in Files())
        {
            await using var scope = services.CreateAsyncScope();
            var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
            var definition = DefinitionJson.Deserialize(json);
            if (await definitions.LatestAsync(definition.DefinitionId, cancellationToken) is not null)
                continue;
            var created = await definitions.CreateAsync(definition, "system", cancellationToken);
            if (created is DefinitionResult.Conflict)
                continue;
            if (created is not DefinitionResult.Ok)
                throw new InvalidOperationException($"The shipped flow {name} cannot be created: {created}");
            var published = await definitions.PublishAsync(definition.DefinitionId, "Shipped", "system", cancellationToken);
            if (published is DefinitionResult.Invalid invalid)
                throw new InvalidOperationException(
                    $"The shipped flow {name} does not validate: {string.Join(" ", invalid.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
            log.LogInformation("Shipped flow {DefinitionId} published as version 1", definition.DefinitionId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
