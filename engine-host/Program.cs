using Orchestrator.EngineHost;

var app = await OrchestratorApp.BuildAsync(args);
app.Run();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
