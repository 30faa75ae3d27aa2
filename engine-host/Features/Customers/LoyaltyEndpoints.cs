using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Customers;

/// <param name="Change">Points earned (positive) or redeemed (negative).</param>
/// <param name="Reason">What for, e.g. "Redeemed for a free filter cleaning".</param>
public sealed record PointsChange(int? Change, string? Reason);

public sealed record PointsBalance(Guid CustomerId, string Code, int LoyaltyPoints);

/// <summary>Loyalty points (积分): earned and redeemed one change at a time; the audit trail keeps every change, old → new.</summary>
internal static class LoyaltyEndpoints
{
    public static RouteGroupBuilder MapLoyaltyPoints(this RouteGroupBuilder group)
    {
        group.MapPost("/{key}/points", ChangeAsync).Produces<PointsBalance>().ProducesValidationProblem().ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Earn (positive) or redeem (negative) loyalty points; never below zero");
        group.MapGet("/{key}/points", HistoryAsync).Produces<List<LoyaltyPointsEntry>>().ProducesProblem(404)
            .WithSummary("The customer's points changes, newest first (the last 200)");
        return group;
    }

    private static async Task<IResult> HistoryAsync(string key, DbContext db, CancellationToken ct)
    {
        if (await RecordEndpoints.FindAsync(CustomerEndpoints.Api, key, db, false, ct) is not { } customer)
            return RecordEndpoints.NotFound(CustomerEndpoints.Api, key);
        return TypedResults.Ok(await db.Set<LoyaltyPointsEntry>().AsNoTracking().Where(p => p.CustomerId == customer.Id)
            .OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Take(200).ToListAsync(ct));
    }

    private static async Task<IResult> ChangeAsync(string key, PointsChange body, DbContext db, TimeProvider time, IAuditActor actor,
        CancellationToken ct)
    {
        var e = new FieldErrors();
        var change = e.Range("change", body.Change, -10_000_000, 10_000_000);
        if (change == 0 && !e.Has("change"))
            e.Add("change", "A change of zero points changes nothing.");
        var reason = e.Required("reason", body.Reason, 200);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        for (var attempt = 1; ; attempt++)
        {
            if (await RecordEndpoints.FindAsync(CustomerEndpoints.Api, key, db, true, ct) is not { } customer)
                return RecordEndpoints.NotFound(CustomerEndpoints.Api, key);
            if (customer.LoyaltyPoints + change < 0)
                return Problems.Conflict($"Customer {customer.Code} has {customer.LoyaltyPoints} points; {-change} cannot be redeemed.");
            customer.LoyaltyPoints += change;
            db.Add(new LoyaltyPointsEntry
            {
                CustomerId = customer.Id,
                Change = change,
                Balance = customer.LoyaltyPoints,
                Reason = reason,
                Actor = actor.Name,
                At = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(new PointsBalance(customer.Id, customer.Code, customer.LoyaltyPoints));
            }
            catch (DbUpdateConcurrencyException) when (attempt < 20)
            {
                db.ChangeTracker.Clear(); // changed meanwhile: apply the change to the new balance
            }
        }
    }
}
