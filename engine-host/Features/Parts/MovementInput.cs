using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Teams;

namespace Orchestrator.EngineHost.Features.Parts;

public enum MovementKind
{
    Receive,
    IssueToTechnician,
    Consume,
    ReturnUnused,
    ReturnDefective,
    Scrap,
    Reserve,
    ReleaseReservation,
}

/// <summary>One stock movement as the API takes it.</summary>
/// <param name="Kind">Receive, IssueToTechnician, Consume, ReturnUnused, ReturnDefective, Scrap, Reserve, ReleaseReservation.</param>
/// <param name="Warehouse">Warehouse code: where goods are received, issued from, returned to.</param>
/// <param name="Technician">Technician code: whose van is issued to, consumed from, returned from.</param>
/// <param name="Location">For Scrap, Reserve and ReleaseReservation: Warehouse, Van or DefectiveBin (with warehouse or technician).</param>
/// <param name="Reference">The document behind it: delivery note, job (required to consume, reserve, release), RMA.</param>
public sealed record MovementInput(string? Kind, string? PartNumber, int? Quantity, string? Warehouse, string? Technician,
    string? Location, string? Reference)
{
    public async Task<(StockMovement? Movement, FieldErrors Errors)> ToMovementAsync(DbContext db, CancellationToken ct)
    {
        var e = new FieldErrors();
        var kind = e.Enum<MovementKind>("kind", Kind);
        var part = e.Required("partNumber", PartNumber, 64);
        var quantity = e.Range("quantity", Quantity, 1, 1_000_000);
        var reference = e.Optional("reference", Reference, 100);
        var warehouse = e.Optional("warehouse", Warehouse, 32);
        var technician = e.Optional("technician", Technician, 32);
        if (warehouse is not null && !await db.Set<Warehouse>().AnyAsync(w => w.Code == warehouse, ct))
            e.Add("warehouse", $"No warehouse has the code {warehouse}.");
        if (technician is not null && !await db.Set<TechnicianRecord>().AnyAsync(t => t.Code == technician, ct))
            e.Add("technician", $"No technician has the code {technician}.");
        var needsWarehouse = kind is MovementKind.Receive or MovementKind.IssueToTechnician or MovementKind.ReturnUnused or MovementKind.ReturnDefective;
        var needsVan = kind is MovementKind.IssueToTechnician or MovementKind.Consume or MovementKind.ReturnUnused or MovementKind.ReturnDefective;
        if (!e.Has("kind") && needsWarehouse && warehouse is null && !e.Has("warehouse"))
            e.Add("warehouse", $"{kind} needs the warehouse code.");
        if (!e.Has("kind") && needsVan && technician is null && !e.Has("technician"))
            e.Add("technician", $"{kind} needs the technician code.");
        StockLocation? at = null;
        if (kind is MovementKind.Scrap or MovementKind.Reserve or MovementKind.ReleaseReservation && !e.Has("kind"))
        {
            var locationKind = e.Enum<StockLocationKind>("location", Location);
            var id = locationKind == StockLocationKind.Van ? technician : warehouse;
            if (id is null && !e.Has("location"))
                e.Add(locationKind == StockLocationKind.Van ? "technician" : "warehouse", $"The {locationKind} location needs its code.");
            else if (id is not null)
                at = locationKind switch
                {
                    StockLocationKind.Van => StockLocation.Van(id),
                    StockLocationKind.DefectiveBin => StockLocation.DefectiveBin(id),
                    _ => StockLocation.Warehouse(id),
                };
        }
        if (e.Any)
            return (null, e);

        StockLocation W() => StockLocation.Warehouse(warehouse!);
        StockLocation V() => StockLocation.Van(technician!);
        StockMovement movement = kind switch
        {
            MovementKind.Receive => new Receive(part, W(), quantity, reference),
            MovementKind.IssueToTechnician => new IssueToTechnician(part, W(), V(), quantity, reference),
            MovementKind.Consume => new Consume(part, V(), quantity, reference ?? ""),
            MovementKind.ReturnUnused => new ReturnUnused(part, V(), W(), quantity, reference),
            MovementKind.ReturnDefective => new ReturnDefective(part, V(), W(), quantity, reference),
            MovementKind.Scrap => new Scrap(part, at!.Value, quantity, reference),
            MovementKind.Reserve => new Reserve(part, at!.Value, quantity, reference ?? ""),
            _ => new ReleaseReservation(part, at!.Value, quantity, reference ?? ""),
        };
        return (movement, e);
    }
}
