using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Warranty;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Products;

/// <summary>The warranty answer (public contract): remedy, why, the warranty's end and the day count.</summary>
/// <param name="Remedy">Return, Exchange, FreeRepair, PaidRepair or NotCovered.</param>
/// <param name="ReasonCode">A stable code for the reason, e.g. WithinExchangePeriod, Misuse.</param>
public sealed record WarrantyAnswer(string SerialNumber, DateOnly At, Remedy Remedy, WarrantyReasonCode ReasonCode, string Reason,
    DateOnly WarrantyStart, DateOnly WarrantyEnd, int DaysSinceStart);

internal static class WarrantyEndpoints
{
    public static RouteGroupBuilder MapWarranty(this RouteGroupBuilder group)
    {
        group.MapGet("/{serialNumber}/warranty", EvaluateAsync)
            .Produces<WarrantyAnswer>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("What the customer is entitled to on a day (at=yyyy-mm-dd, default today): Return (days 0–7 from acceptance, "
                + "else sale), Exchange (8–30), FreeRepair (to the warranty end), PaidRepair (after), NotCovered (an exclusion)");
        return group;
    }

    private static async Task<IResult> EvaluateAsync(string serialNumber, string? at, DbContext db, TimeProvider time, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!string.IsNullOrWhiteSpace(at) && !DateOnly.TryParseExact(at.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out day))
            return Problems.Invalid("at", $"'{at}' is not a date: use yyyy-mm-dd.");
        var serial = SerialNumber.Normalize(serialNumber);
        var product = serial is null
            ? null
            : await db.Set<InstalledProduct>().AsNoTracking().FirstOrDefaultAsync(p => p.SerialNumber == serial, ct);
        if (product is null)
            return Problems.NotFound($"No installed product has the serial number '{serialNumber}'.");
        var months = await db.Set<ProductModel>().AsNoTracking().Where(m => m.Id == product.ModelId).Select(m => m.WarrantyMonths)
            .FirstAsync(ct);
        var contract = product.ContractId is { } contractId
            ? await db.Set<ServiceContract>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, ct)
            : null;
        var decision = WarrantyEvaluator.Evaluate(product.Facts(months, contract?.WarrantyCoverageEnd), day);
        return TypedResults.Ok(new WarrantyAnswer(product.SerialNumber, day, decision.Remedy, decision.ReasonCode, decision.Reason,
            decision.WarrantyStart, decision.WarrantyEnd, decision.DaysSinceStart));
    }
}
