using Orchestrator.EngineHost;
using Orchestrator.EngineHost.Features.Samples;

var app = await OrchestratorApp.BuildAsync(args);
if (args.Contains(SamplesExtensions.Command))
{
    await app.Services.SeedSamplesAsync();
    return;
}
app.Run();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
