using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Scheduling;

/// <summary>A PM generation run as the API shows it; <c>percent</c> is the share of the plans looked at.</summary>
public sealed record PmRunView(Guid Id, string Trigger, Guid? ContractId, PmRunStatus Status, DateOnly? Today, int Total, int Scanned,
    int Percent, int Created, int Existing, int Failed, IReadOnlyList<PmRunError> Errors, string? Message, string? CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string StatusUrl)
{
    public static PmRunView Of(PmRun r) => new(r.Id, r.Trigger, r.ContractId, r.Status, r.Today, r.Total, r.Scanned,
        r.IsFinished ? 100 : r.Total == 0 ? 0 : Math.Clamp(r.Scanned * 100 / r.Total, 0, 99), r.Created, r.Existing, r.Failed, r.Errors,
        r.Message, r.CreatedBy, r.CreatedAt, r.StartedAt, r.FinishedAt, $"/api/pm-runs/{r.Id}");
}

/// <param name="ContractId">Only this contract's plans (default: every plan).</param>
public sealed record NewPmRun(Guid? ContractId);

/// <summary>
/// <c>/api/pm-runs</c>: the PM generation runs (the hourly job's and those started by hand) with their counts and
/// progress; <c>POST</c> starts one now (Admin), answered 202 with the run to poll.
/// </summary>
public static class PmRunEndpoints
{
    public static IEndpointRouteBuilder MapPmRuns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pm-runs").WithTags("Scheduling");
        group.MapPost("/", StartAsync).Produces<PmRunView>(202).ProducesValidationProblem()
            .WithSummary("Run PM generation now (all plans, or one contract's): opens the maintenance requests due within their lead time; " +
                         "a due date that has its request already is counted as existing, never opened twice");
        group.MapGet("/", ListAsync).Produces<ListPage<PmRunView>>().ProducesValidationProblem()
            .WithSummary("PM generation runs, newest first (?page, ?pageSize up to 200; ?status=Queued|Running|Succeeded|Failed)");
        group.MapGet("/{id:guid}", GetAsync).Produces<PmRunView>().ProducesProblem(404)
            .WithSummary("A PM generation run: status, progress (plans looked at of the total) and counts (created, existing, failed, with the failures' reasons)");
        return app;
    }

    private static async Task<IResult> StartAsync(NewPmRun? body, DbContext db, PmGeneration generation, PmRunWorker worker, IAuditActor actor,
        CancellationToken ct)
    {
        if (body?.ContractId is { } contractId && !await db.Set<ServiceContract>().AnyAsync(c => c.Id == contractId, ct))
            return Problems.Invalid("contractId", $"No service contract has the id {contractId}.");
        var run = await generation.QueueAsync("manual", body?.ContractId, actor.Name, ct);
        worker.Enqueue(run.Id);
        return TypedResults.Accepted($"/api/pm-runs/{run.Id}", PmRunView.Of(run));
    }

    private static async Task<IResult> ListAsync(DbContext db, string? status = null, int? page = null, int? pageSize = null,
        CancellationToken ct = default)
    {
        var e = new Domain.Records.FieldErrors();
        var p = e.Range("page", page, 1, 100_000, 1);
        var size = e.Range("pageSize", pageSize, 1, Lists.MaxPageSize, Lists.DefaultPageSize);
        var query = db.Set<PmRun>().AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            var s = e.Enum<PmRunStatus>("status", status);
            query = query.Where(r => r.Status == s);
        }
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        var total = await query.CountAsync(ct);
        var runs = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new ListPage<PmRunView>(runs.Select(PmRunView.Of).ToList(), p, size, total));
    }

    private static async Task<IResult> GetAsync(Guid id, DbContext db, CancellationToken ct) =>
        await db.Set<PmRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } run
            ? TypedResults.Ok(PmRunView.Of(run))
            : Problems.NotFound($"No PM run has the id {id}.");
}
