using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.EngineHost.Features.Samples;

/// <summary>The <c>Samples</c> section: <c>Samples:Load</c> loads the sample data on a first start (default: on in Development).</summary>
public sealed class SamplesOptions
{
    public const string Section = "Samples";

    public bool? Load { get; set; }
}

public static class SamplesExtensions
{
    /// <summary>
    /// <c>dotnet run --project engine-host -- seed-samples</c>: loads the sample data into the configured database
    /// (migrated first) and exits; running it again adds nothing.
    /// </summary>
    public const string Command = "seed-samples";

    public static async Task<int> SeedSamplesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        var samples = ActivatorUtilities.CreateInstance<SampleData>(scope.ServiceProvider, db);
        var added = await samples.LoadAsync(cancellationToken);
        return added + await DemoUsers.EnsureAsync(scope.ServiceProvider, db, cancellationToken);
    }

    /// <summary>Whether to load the samples on start: <c>Samples:Load</c>, by default on in Development only.</summary>
    public static bool LoadOnStart(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetSection(SamplesOptions.Section).Get<SamplesOptions>()?.Load ?? environment.IsDevelopment();
}
