using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Sla;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// The status history from the request rows' own commit, whatever code path moved the status (a flow's activity, the
/// intake, a complaint a callback opened): when a SaveChanges adds a service request or changes its status (or its
/// priority: an escalation) and no history row for that status is on its way yet, one is added and the request's SLA is evaluated again under its
/// recorded version — so a waiting-for-customer status pauses the clock, and a done status (resolved, completed,
/// closed, cancelled) takes the due time off every pending escalation timer — in that same SaveChanges.
/// </summary>
public sealed class RequestStatusHistoryInterceptor(SlaPolicyStore store, TimeProvider clock) : SaveChangesInterceptor
{
    /// <summary>Who the history names for a status a flow (or another automatic path) set.</summary>
    public const string Actor = "workflow";

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // nothing in the host saves synchronously; were it to, the history still follows
        if (eventData.Context is { } db)
            RecordAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
            await RecordAsync(db, cancellationToken);
        return result;
    }

    private async Task RecordAsync(DbContext db, CancellationToken ct)
    {
        var moved = SavingEntries.Of<ServiceRequest>(db)
            .Where(e => !e.Entity.Sandbox) // a test run's request runs under no SLA
            .Where(e => e.State == EntityState.Added
                        || (e.State == EntityState.Modified && (e.Property(r => r.Status).OriginalValue != e.Entity.Status
                                                                 || e.Property(r => r.Priority).OriginalValue != e.Entity.Priority)))
            .Select(e => e.Entity).ToList();
        if (moved.Count == 0)
            return;
        var pending = SavingEntries.Of<SlaStatusChangeRecord>(db).Where(e => e.State == EntityState.Added)
            .Select(e => (e.Entity.RequestId, e.Entity.Status)).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var request in moved.Where(r => !pending.Contains((r.Id, r.Status.ToString()))))
        {
            RequestSla.RecordStatus(db, request, now, Actor);
            await RequestSla.RecomputeAsync(db, store, request, ct);
        }
    }
}
