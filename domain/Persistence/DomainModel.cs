using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Domain.Persistence;

/// <summary>The after-sales domain's contribution to the host's one DbContext: its tables and indexes.</summary>
public static class DomainModel
{
    public static ModelBuilder ApplyDomainModel(this ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(DomainModel).Assembly);
        return model;
    }
}
