using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>
/// The next due date follows the actual completion, in the commit that completes the visit, whatever code path moved
/// the request (its flow, the records API): when a PM request generated for a plan reaches service completed, resolved
/// or closed, its occurrence records the day and the plan's next due date is computed from it
/// (<see cref="PmPlan.Completed"/>); when it is cancelled, the plan moves on as if the visit was done on time.
/// </summary>
public sealed class PmCompletionInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
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

    private static bool Finished(ServiceRequestStatus s) => ServiceRequest.IsResolved(s) || s == ServiceRequestStatus.Cancelled;

    private async Task RecordAsync(DbContext db, CancellationToken ct)
    {
        var ended = SavingEntries.Of<ServiceRequest>(db)
            .Where(e => e.State == EntityState.Modified && e.Entity.Type == ServiceRequestType.PreventiveMaintenance
                        && Finished(e.Entity.Status) && !Finished(e.Property(r => r.Status).OriginalValue))
            .ToDictionary(e => e.Entity.Id, e => e.Entity.Status);
        if (ended.Count == 0)
            return;
        var ids = ended.Keys.ToList();
        var occurrences = await db.Set<PmOccurrence>().Where(o => ids.Contains(o.ServiceRequestId) && o.CompletedOn == null && !o.Skipped)
            .ToListAsync(ct);
        if (occurrences.Count == 0)
            return;
        var planIds = occurrences.Select(o => o.PlanId).ToList();
        var plans = await db.Set<PmPlan>().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var occurrence in occurrences)
        {
            var plan = plans[occurrence.PlanId];
            var before = (plan.NextDueDate, plan.LastCompletedDate, plan.ScheduleShiftDays);
            if (ended[occurrence.ServiceRequestId] == ServiceRequestStatus.Cancelled)
            {
                occurrence.Skipped = true;
                plan.Skipped(occurrence.DueDate);
            }
            else
            {
                occurrence.CompletedOn = today;
                plan.Completed(today, occurrence.DueDate);
            }
            Audit(db, plan, before, now);
        }
    }

    /// <summary>
    /// The audit trail's stamp and entry for the plan: the audit interceptor ran before this one (it is registered with
    /// the context), so the plan's change is written down here, as it would have been.
    /// </summary>
    private static void Audit(DbContext db, PmPlan plan, (DateOnly Next, DateOnly? Last, int Shift) before, DateTimeOffset now)
    {
        var changes = new List<FieldChange>();
        if (before.Next != plan.NextDueDate)
            changes.Add(new FieldChange("nextDueDate", before.Next, plan.NextDueDate));
        if (before.Last != plan.LastCompletedDate)
            changes.Add(new FieldChange("lastCompletedDate", before.Last, plan.LastCompletedDate));
        if (before.Shift != plan.ScheduleShiftDays)
            changes.Add(new FieldChange("scheduleShiftDays", before.Shift, plan.ScheduleShiftDays));
        if (changes.Count == 0)
            return;
        plan.UpdatedAt = now;
        plan.Revision++;
        db.Add(new AuditEntry
        {
            EntityType = AuditInterceptor.TypeName(typeof(PmPlan)),
            EntityId = plan.Id.ToString(),
            Action = AuditAction.Updated,
            Actor = AuditActing.Name ?? PmGeneration.Actor,
            At = now,
            Changes = JsonSerializer.Serialize(changes, AuditInterceptor.Json),
        });
    }
}
