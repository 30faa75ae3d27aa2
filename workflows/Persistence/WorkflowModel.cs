using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Workflows.Persistence;

/// <summary>The engine's contribution to the host's one DbContext: its tables and indexes.</summary>
public static class WorkflowModel
{
    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(WorkflowModel).Assembly);
        return model;
    }
}
