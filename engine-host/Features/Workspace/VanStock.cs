using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Teams;

namespace Orchestrator.EngineHost.Features.Workspace;

/// <summary>The parts a visit used, taken from the technician's van in the caller's commit (the visit report's).</summary>
internal static class VanStock
{
    /// <summary>
    /// Stages one Consume per part from the van of <paramref name="technicianId"/>, unsaved; false (nothing staged) when the van
    /// does not hold them all, so the flow notes the shortfall as it always did. A balance changed by another movement before the
    /// caller commits fails that commit on its version.
    /// </summary>
    public static async Task<bool> TakeAsync(DbContext db, TimeProvider clock, IAuditActor actor, Guid technicianId, IReadOnlyList<PartUsed> used,
        string reference, CancellationToken ct)
    {
        var code = await db.Set<TechnicianRecord>().AsNoTracking().Where(t => t.Id == technicianId).Select(t => t.Code).FirstOrDefaultAsync(ct);
        if (code is null)
            return false;
        var movements = used.Select(p => (StockMovement)new Consume(p.PartNumber, StockLocation.Van(code), p.Quantity, reference)).ToList();
        var result = await new StoredStockLedger(db, clock, actor).StageAsync(movements, ct);
        return result.Succeeded;
    }
}
