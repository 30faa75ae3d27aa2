using Orchestrator.Domain.Parts;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Parts;

/// <param name="UnitPrice">Yuan, at most two decimals.</param>
/// <param name="SafetyStock">Safety ≤ min ≤ max, checked against the available stock of all warehouses.</param>
public sealed record PartInput(string? PartNumber, string? Name, string? ProductLine, decimal? UnitPrice, int? SafetyStock,
    int? MinStock, int? MaxStock);

public sealed record WarehouseInput(string? Code, string? Name, string? Region, string? Address);

internal static class PartEndpoints
{
    public static readonly RecordApi<PartRecord, PartInput> Api = new()
    {
        Route = "parts",
        Tag = "Parts",
        Noun = "part",
        FindBy = GuidKeys.FindBy<PartRecord>(number => p => p.PartNumber == number),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = (c, i, part) =>
        {
            var e = c.Errors;
            var number = e.Required("partNumber", i.PartNumber, 64);
            var name = e.Required("name", i.Name);
            var line = e.Optional("productLine", i.ProductLine, 64);
            var price = e.Money("unitPrice", i.UnitPrice);
            var safety = e.Range("safetyStock", i.SafetyStock, 0, 1_000_000, 0);
            var min = e.Range("minStock", i.MinStock, 0, 1_000_000, safety);
            var max = e.Range("maxStock", i.MaxStock, 0, 1_000_000, Math.Max(min, 1_000_000));
            if (min < safety)
                e.Add("minStock", "The minimum stock cannot be below the safety stock.");
            if (max < min)
                e.Add("maxStock", "The maximum stock cannot be below the minimum stock.");
            if (e.Any)
                return Task.FromResult<PartRecord?>(null);
            part ??= new PartRecord { PartNumber = number, Name = name };
            (part.PartNumber, part.Name, part.ProductLine, part.UnitPrice) = (number, name, line, price);
            (part.SafetyStock, part.MinStock, part.MaxStock) = (safety, min, max);
            return Task.FromResult<PartRecord?>(part);
        },
        Filters = [Lists.Text<PartRecord>("productLine", p => p.ProductLine), Lists.Text<PartRecord>("partNumber", p => p.PartNumber)],
        Sorts = [Lists.Sort<PartRecord, string>("partNumber", p => p.PartNumber), Lists.Sort<PartRecord, string>("name", p => p.Name)],
        Unique = [new("partNumber", p => x => x.PartNumber == p.PartNumber && x.Id != p.Id, p => $"Part number {p.PartNumber} is taken.")],
    };

    public static readonly RecordApi<Warehouse, WarehouseInput> Warehouses = new()
    {
        Route = "warehouses",
        Tag = "Parts",
        Noun = "warehouse",
        FindBy = GuidKeys.FindBy<Warehouse>(code => w => w.Code == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = (c, i, warehouse) =>
        {
            var e = c.Errors;
            var code = e.Required("code", i.Code, 32);
            var name = e.Required("name", i.Name);
            var (region, address) = (e.Optional("region", i.Region, 100), e.Optional("address", i.Address, 500));
            if (e.Any)
                return Task.FromResult<Warehouse?>(null);
            warehouse ??= new Warehouse { Code = code, Name = name };
            (warehouse.Code, warehouse.Name, warehouse.Region, warehouse.Address) = (code, name, region, address);
            return Task.FromResult<Warehouse?>(warehouse);
        },
        Sorts = [Lists.Sort<Warehouse, string>("code", w => w.Code)],
        Unique = [new("code", w => x => x.Code == w.Code && x.Id != w.Id, w => $"Warehouse code {w.Code} is taken.")],
    };

    public static IEndpointRouteBuilder MapParts(this IEndpointRouteBuilder app)
    {
        app.MapStock();
        app.MapRecords(Api);
        app.MapRecords(Warehouses);
        return app;
    }
}
