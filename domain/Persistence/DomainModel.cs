using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Persistence;

/// <summary>The after-sales domain's contribution to the host's one DbContext: its tables and indexes.</summary>
public static class DomainModel
{
    public static ModelBuilder ApplyDomainModel(this ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(DomainModel).Assembly);
        foreach (var entity in model.Model.GetEntityTypes().Where(t => t.ClrType.IsAssignableTo(typeof(AuditedRecord))))
            model.Entity(entity.ClrType).Property(nameof(AuditedRecord.Revision)).IsConcurrencyToken();
        return model;
    }
}
