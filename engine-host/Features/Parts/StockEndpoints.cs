using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Parts;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Parts;

/// <summary>What the movement did: one journal line per location changed, and the stock levels it crossed.</summary>
public sealed record MovementAnswer(IReadOnlyList<StockEntry> Entries, IReadOnlyList<StockAlert> Alerts);

internal static class StockEndpoints
{
    public static IEndpointRouteBuilder MapStock(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/parts").WithTags("Parts");
        group.MapPost("/movements", MoveAsync)
            .Produces<MovementAnswer>(201).ProducesValidationProblem().ProducesProblem(409)
            .WithSummary("Receive, issue to a technician, consume on a job, return unused or defective, scrap, reserve or release: "
                + "one movement in one transaction; stock never goes negative (409 with the refusal code)");
        group.MapGet("/movements", MovementsAsync).Produces<ListPage<StockMovementRecord>>()
            .WithSummary("The stock journal, newest first; filter by partNumber, locationId, reference");
        group.MapGet("/stock", StockAsync).Produces<ListPage<StockPositionRecord>>()
            .WithSummary("Balances by part and location; filter by partNumber, locationKind (Warehouse, Van, DefectiveBin), locationId");
        return app;
    }

    private static async Task<IResult> MoveAsync(MovementInput input, DbContext db, TimeProvider time, IAuditActor actor,
        Orchestrator.Workflows.Runtime.WorkflowClient workflows, CancellationToken ct)
    {
        var (movement, errors) = await input.ToMovementAsync(db, ct);
        if (movement is null)
            return Problems.Invalid(errors.ToDictionary());
        var result = await new StoredStockLedger(db, time, actor).ApplyAsync([movement], ct);
        if (result.Refusal is { } refusal)
        {
            return refusal.Code switch
            {
                RefusalCode.UnknownPart => Problems.Invalid("partNumber", refusal.Message),
                RefusalCode.InvalidQuantity => Problems.Invalid("quantity", refusal.Message),
                RefusalCode.MissingReference => Problems.Invalid("reference", refusal.Message),
                RefusalCode.WrongLocation => Problems.Invalid("location", refusal.Message),
                _ => Problems.Conflict(refusal.Message, new Dictionary<string, object?> { ["code"] = refusal.Code.ToString() }),
            };
        }
        if (movement is Receive received)
            await PartsArrival.NotifyAsync(db, workflows, received.PartNumber, received.Quantity, ct);
        return TypedResults.Created("/api/parts/movements", new MovementAnswer(result.Entries, result.Alerts));
    }

    private static async Task<IResult> MovementsAsync(DbContext db, string? partNumber, string? locationId, string? reference,
        int page = 1, int pageSize = Lists.DefaultPageSize, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, Lists.MaxPageSize));
        var query = db.Set<StockMovementRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(partNumber)) query = query.Where(m => m.PartNumber == partNumber);
        if (!string.IsNullOrWhiteSpace(locationId)) query = query.Where(m => m.LocationId == locationId);
        if (!string.IsNullOrWhiteSpace(reference)) query = query.Where(m => m.Reference == reference);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(ct);
        return TypedResults.Ok(new ListPage<StockMovementRecord>(items, page, pageSize, total));
    }

    private static async Task<IResult> StockAsync(DbContext db, string? partNumber, StockLocationKind? locationKind, string? locationId,
        int page = 1, int pageSize = Lists.DefaultPageSize, CancellationToken ct = default)
    {
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, Lists.MaxPageSize));
        var query = db.Set<StockPositionRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(partNumber)) query = query.Where(p => p.PartNumber == partNumber);
        if (locationKind is { } kind) query = query.Where(p => p.LocationKind == kind);
        if (!string.IsNullOrWhiteSpace(locationId)) query = query.Where(p => p.LocationId == locationId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.PartNumber).ThenBy(p => p.LocationKind).ThenBy(p => p.LocationId)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new ListPage<StockPositionRecord>(items, page, pageSize, total));
    }
}
