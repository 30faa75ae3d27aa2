namespace Orchestrator.EngineHost.Features.Workspace;

/// <summary>What the agents' and technicians' screens ask of the host besides the records: phone intake and the technician's day.</summary>
public static class WorkspaceExtensions
{
    public static IEndpointRouteBuilder MapAgentWorkspace(this IEndpointRouteBuilder app)
    {
        app.MapIntake();
        app.MapMyDay();
        app.MapFieldTaskAttachments();
        return app;
    }
}
