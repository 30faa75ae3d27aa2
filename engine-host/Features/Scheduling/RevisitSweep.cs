using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Callbacks;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Scheduling;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>What one sweep did.</summary>
public sealed record RevisitSweepResult(int Started, int Existing, int Failed);

/// <summary>
/// The revisit sweep: a request closed (or resolved) <c>Scheduling:CallbackAfterDays</c> ago or longer — within
/// <c>Scheduling:RevisitWindowDays</c> more — that has no callback and no flow still running (its flow ended without a
/// CallbackSurvey: refused returns, declined quotes, requests closed by hand) gets the <c>revisit</c> flow, whose
/// CallbackSurvey opens the callback at once. The revisit row (key: the request) commits with the flow's start, so a
/// second sweep, or another node's, starts none.
/// </summary>
public sealed class RevisitSweep(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulingOptions> options,
    ILogger<RevisitSweep> log)
{
    public const string Flow = "revisit";
    public const string Actor = "revisit-sweep";
    private const int BatchSize = 200;

    /// <summary>Closed requests without a callback, no revisit yet, and no flow of theirs still running, closed in (after, before].</summary>
    public static IQueryable<ServiceRequest> Awaiting(DbContext db, DateTimeOffset closedAfter, DateTimeOffset closedBefore) =>
        db.Set<ServiceRequest>().AsNoTracking().Where(r =>
            (r.Status == ServiceRequestStatus.Closed || r.Status == ServiceRequestStatus.Resolved)
            && r.ResolvedAt > closedAfter && r.ResolvedAt <= closedBefore
            && !db.Set<Callback>().Any(c => c.ServiceRequestId == r.Id)
            && !db.Set<Revisit>().Any(v => v.ServiceRequestId == r.Id)
            && !db.Set<InstanceRecord>().Any(i => i.Id == r.InstanceId
                                                  && i.Status != InstanceStatus.Completed && i.Status != InstanceStatus.Cancelled));

    /// <param name="customerId">Only this customer's requests (a sweep by hand for one customer); the job sweeps every request.</param>
    public async Task<RevisitSweepResult> RunAsync(CancellationToken ct, Guid? customerId = null)
    {
        var now = clock.GetUtcNow();
        var closedBefore = now - TimeSpan.FromDays(options.Value.CallbackAfterDays);
        var closedAfter = closedBefore - TimeSpan.FromDays(options.Value.RevisitWindowDays);
        var (started, existing, failed) = (0, 0, 0);
        var tried = new HashSet<Guid>();
        while (true)
        {
            List<(Guid Id, string Number, ServiceRequestType Type)> batch;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                batch = (await Awaiting(db, closedAfter, closedBefore).Where(r => customerId == null || r.CustomerId == customerId).OrderBy(r => r.ResolvedAt).ThenBy(r => r.Id)
                        .Select(r => new { r.Id, r.Number, r.Type }).Take(BatchSize + tried.Count).ToListAsync(ct))
                    .Where(r => !tried.Contains(r.Id)).Take(BatchSize).Select(r => (r.Id, r.Number, r.Type)).ToList();
            }
            if (batch.Count == 0)
                break;
            foreach (var request in batch)
            {
                tried.Add(request.Id);
                switch (await StartAsync(request.Id, request.Number, request.Type, now, ct))
                {
                    case true: started++; break;
                    case false: existing++; break;
                    default: failed++; break;
                }
            }
        }
        if (started + existing + failed > 0)
            log.LogInformation("Revisit sweep: {Started} revisit(s) started, {Existing} started before, {Failed} failed", started, existing, failed);
        return new RevisitSweepResult(started, existing, failed);
    }

    /// <summary>True: started; false: another sweep started it first; null: it could not start.</summary>
    private async Task<bool?> StartAsync(Guid requestId, string number, ServiceRequestType type, DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        using var acting = AuditActing.As(Actor);
        var started = await scope.ServiceProvider.GetRequiredService<WorkflowClient>().StartAsync(Flow,
            new JsonObject { ["requestId"] = requestId.ToString(), ["number"] = number, ["type"] = type.ToString() }, number, ct);
        if (started is null)
        {
            log.LogWarning("No published '{Flow}' flow: the revisit of {Number} cannot start", Flow, number);
            return null;
        }
        db.Add(new Revisit { ServiceRequestId = requestId, InstanceId = started.InstanceId, StartedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<Revisit>().AnyAsync(v => v.ServiceRequestId == requestId, ct))
                return false;
            log.LogWarning(e, "The revisit of {Number} could not be saved", number);
            return null;
        }
    }
}
