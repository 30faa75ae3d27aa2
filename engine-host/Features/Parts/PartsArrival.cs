using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Parts;

/// <summary>
/// Stock received: the flows whose IssueParts waits for that part (the <c>parts.received</c> event keyed by part number)
/// are resumed to try again. A flow this misses (a crash between the two commits) finds the stock at its periodic recheck.
/// </summary>
internal static class PartsArrival
{
    public static async Task NotifyAsync(DbContext db, WorkflowClient workflows, string partNumber, int quantity, CancellationToken ct)
    {
        var name = BookmarkNames.EventPrefix + IssueParts.PartsReceived;
        var waiting = await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.Name == name && b.CorrelationKey == partNumber)
            .Select(b => b.InstanceId).Distinct().ToListAsync(ct);
        if (waiting.Count == 0)
            return;
        foreach (var instance in waiting)
            workflows.Resume(instance, name, partNumber, new JsonObject { ["partNumber"] = partNumber, ["quantity"] = quantity });
        await db.SaveChangesAsync(ct);
    }
}
