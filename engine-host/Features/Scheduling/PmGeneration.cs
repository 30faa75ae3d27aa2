using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Scheduling;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>
/// PM generation: for every active plan whose next due date is within its lead time (overdue ones included), a
/// maintenance request through the intake (<c>POST /api/requests</c>'s code, so its flow starts), together with the
/// plan's occurrence row in one commit. The occurrence's unique key (plan, due date) makes it exactly once: a second run,
/// a run on another node at the same moment, a run after a crash halfway, each finds the request opened and counts it
/// as existing. A run is a <see cref="PmRun"/> row whose counts move after every batch (the progress).
/// </summary>
public sealed class PmGeneration(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulingOptions> options,
    ILogger<PmGeneration> log)
{
    /// <summary>Who the audit trail and the requests' history name for what a run did.</summary>
    public const string Actor = "pm-schedule";

    /// <summary>Plans per batch: the run's counts and heartbeat are written after each.</summary>
    public const int BatchSize = 25;

    /// <summary>A new run, started at once and awaited (the Quartz job; tests call it as the job does).</summary>
    public async Task<PmRun> RunNowAsync(string trigger, Guid? contractId, string? by, CancellationToken ct)
    {
        var run = await QueueAsync(trigger, contractId, by, ct);
        await RunAsync(run.Id, ct);
        return await FindAsync(run.Id, ct) ?? run;
    }

    /// <summary>A queued run row (the worker or <see cref="RunAsync"/> claims it).</summary>
    public async Task<PmRun> QueueAsync(string trigger, Guid? contractId, string? by, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var run = new PmRun { Trigger = trigger, ContractId = contractId, CreatedBy = by, CreatedAt = clock.GetUtcNow(), Status = PmRunStatus.Queued };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    public async Task<PmRun?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DbContext>().Set<PmRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>Claims the queued run (compare-and-swap on its status: one worker runs it) and runs it to the end.</summary>
    public async Task RunAsync(Guid runId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var claimed = await db.Set<PmRun>().Where(r => r.Id == runId && r.Status == PmRunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, PmRunStatus.Running).SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.HeartbeatAt, now).SetProperty(r => r.Today, today), ct);
        if (claimed != 1)
            return;
        var run = await db.Set<PmRun>().FirstAsync(r => r.Id == runId, ct);
        try
        {
            var counts = await GenerateAsync(db, run, today, ct);
            run.Message = $"{run.Created} request(s) opened, {run.Existing} opened before, {run.Failed} failed; {counts.NotDue} plan(s) not due yet"
                + (counts.OutsideContract > 0 ? $", {counts.OutsideContract} due outside their contract's term" : "") + ".";
            (run.Status, run.FinishedAt) = (PmRunStatus.Succeeded, clock.GetUtcNow());
            await ProgressAsync(db, run, ct);
            log.LogInformation("PM run {RunId} ({Trigger}) done: {Message}", run.Id, run.Trigger, run.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "PM run {RunId} broke off", runId);
            await using var failing = scopes.CreateAsyncScope();
            var message = $"The run broke off: {e.Message} What it opened stays; the next run goes on from there.";
            var at = clock.GetUtcNow();
            await failing.ServiceProvider.GetRequiredService<DbContext>().Set<PmRun>().Where(r => r.Id == runId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, PmRunStatus.Failed).SetProperty(r => r.FinishedAt, at)
                    .SetProperty(r => r.Message, message.Length <= 2000 ? message : message[..2000]), CancellationToken.None);
        }
    }

    private sealed record Counts(int NotDue, int OutsideContract);

    private async Task<Counts> GenerateAsync(DbContext db, PmRun run, DateOnly today, CancellationToken ct)
    {
        var defaultLead = options.Value.PmLeadDays;
        var longestLead = Math.Max(defaultLead, await db.Set<PmPlan>().Where(p => p.Active).MaxAsync(p => p.LeadDays, ct) ?? 0);
        var horizon = today.AddDays(longestLead);
        var candidates = db.Set<PmPlan>().AsNoTracking().Where(p => p.Active && p.NextDueDate <= horizon);
        if (run.ContractId is { } only)
            candidates = candidates.Where(p => p.ContractId == only);
        // the ids first: plans a completion moves meanwhile neither shift the pages nor get skipped
        var ids = await candidates.OrderBy(p => p.NextDueDate).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        run.Total = ids.Count;
        await ProgressAsync(db, run, ct);
        var (notDue, outside) = (0, 0);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            var plans = await db.Set<PmPlan>().AsNoTracking().Where(p => batch.Contains(p.Id)).ToListAsync(ct);
            var contractIds = plans.Select(p => p.ContractId).Distinct().ToList();
            var contracts = await db.Set<ServiceContract>().AsNoTracking().Where(c => contractIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            var opened = (await db.Set<PmOccurrence>().AsNoTracking().Where(o => batch.Contains(o.PlanId)).Select(o => new { o.PlanId, o.DueDate })
                .ToListAsync(ct)).Select(o => (o.PlanId, o.DueDate)).ToHashSet();
            foreach (var plan in plans)
            {
                run.Scanned++;
                var contract = contracts[plan.ContractId];
                if (plan.NextDueDate > today.AddDays(plan.LeadDays ?? defaultLead))
                    notDue++;
                else if (!contract.IsActiveOn(plan.NextDueDate))
                    outside++;
                else if (opened.Contains((plan.Id, plan.NextDueDate)))
                    run.Existing++;
                else
                {
                    switch (await OpenOrExplainAsync(plan, contract, run.Id, ct))
                    {
                        case null:
                            run.Created++;
                            break;
                        case "":
                            run.Existing++;
                            break;
                        case var error:
                            run.Failed++;
                            if (run.Errors.Count < PmRun.MaxReportedErrors)
                                run.Errors.Add(new PmRunError(plan.Id, plan.NextDueDate, error));
                            break;
                    }
                }
            }
            await ProgressAsync(db, run, ct);
        }
        return new Counts(notDue, outside);
    }

    /// <summary>The counts so far and a heartbeat, on the run row (tracked by <paramref name="db"/>).</summary>
    private async Task ProgressAsync(DbContext db, PmRun run, CancellationToken ct)
    {
        run.HeartbeatAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A plan whose request cannot be opened (an exception: bad reference data, a lost connection) fails alone; the run goes on.</summary>
    private async Task<string?> OpenOrExplainAsync(PmPlan plan, ServiceContract contract, Guid runId, CancellationToken ct)
    {
        try
        {
            return await OpenAsync(plan, contract, runId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "The PM request of plan {PlanId} due {DueDate} could not be opened", plan.Id, plan.NextDueDate);
            return e.Message.Length <= 500 ? e.Message : e.Message[..500];
        }
    }

    /// <summary>
    /// Opens the request for the plan's next due date with its occurrence, in one commit. Null: opened; "": another run
    /// opened it first (the unique key refused this one); otherwise why it failed.
    /// </summary>
    private async Task<string?> OpenAsync(PmPlan plan, ServiceContract contract, Guid runId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        using var acting = AuditActing.As(Actor);
        var products = plan.InstalledProductId is { } one
            ? await db.Set<InstalledProduct>().AsNoTracking().Where(p => p.Id == one).Select(p => p.SerialNumber).ToListAsync(ct)
            : await db.Set<InstalledProduct>().AsNoTracking().Where(p => p.ContractId == contract.Id).OrderBy(p => p.SerialNumber)
                .Select(p => p.SerialNumber).Take(50).ToListAsync(ct);
        if (products.Count == 0)
            return $"Contract {contract.Code} has no installed product to maintain: give the plan one, or put products under the contract.";
        var symptom = $"Preventive maintenance due {plan.NextDueDate:yyyy-MM-dd} under contract {contract.Code}"
            + (products.Count > 1 ? $" for {string.Join(", ", products)}" : "") + "."
            + (string.IsNullOrWhiteSpace(plan.Checklist) ? "" : "\nChecklist:\n" + plan.Checklist);
        var intake = scope.ServiceProvider.GetRequiredService<RequestIntake>();
        var result = await intake.OpenAsync(new NewServiceRequest("maintenance", null, new NewRequestCustomer(contract.CustomerId, null, null, null,
                null, null, null), products[0], null, null, symptom.Length <= 4000 ? symptom : symptom[..4000], "normal", null),
            RequestChannel.Scheduled, ct, commit: false);
        switch (result)
        {
            case IntakeResult.Accepted accepted:
                db.Add(new PmOccurrence
                {
                    PlanId = plan.Id,
                    DueDate = plan.NextDueDate,
                    ServiceRequestId = accepted.Answer.RequestId,
                    RunId = runId,
                    CreatedAt = clock.GetUtcNow(),
                });
                try
                {
                    await db.SaveChangesAsync(ct);
                    return null;
                }
                catch (DbUpdateException e)
                {
                    db.ChangeTracker.Clear();
                    if (await db.Set<PmOccurrence>().AnyAsync(o => o.PlanId == plan.Id && o.DueDate == plan.NextDueDate, ct))
                        return "";
                    log.LogWarning(e, "The PM request of plan {PlanId} due {DueDate} was refused", plan.Id, plan.NextDueDate);
                    return $"The request could not be saved: {e.InnerException?.Message ?? e.Message}";
                }
            case IntakeResult.Invalid invalid:
                return "The intake refused the request: " + string.Join(" ", invalid.Errors.SelectMany(x => x.Value.Select(m => $"{x.Key}: {m}")));
            case IntakeResult.Unprocessable u:
                return u.Message;
            case IntakeResult.Conflict c:
                return c.Message;
            default:
                return "The intake gave no answer.";
        }
    }
}
