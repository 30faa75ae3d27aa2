using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Warranty;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Products;

/// <param name="Exclusions">Exclusions found on inspection: NoValidProof, AlteredSerial, Misuse, UnauthorisedRepair, AccidentOrForceMajeure.</param>
public sealed record InstalledProductInput(string? SerialNumber, Guid? ModelId, Guid? CustomerId, string? SiteAddress,
    DateOnly? SaleDate, DateOnly? AcceptanceDate, Guid? ContractId, string? CustomField1, string? CustomField2,
    string? CustomField3, string? CustomField4, string? CustomField5, List<string>? Exclusions, string? Notes);

internal static class InstalledProductEndpoints
{
    public static readonly RecordApi<InstalledProduct, InstalledProductInput> Api = new()
    {
        Route = "installed-products",
        Tag = "Installed base",
        Noun = "installed product",
        FindBy = GuidKeys.FindBy<InstalledProduct>(key => SerialNumber.Normalize(key) is { } serial ? p => p.SerialNumber == serial : null),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Id<InstalledProduct>("customerId", p => p.CustomerId),
            Lists.Id<InstalledProduct>("modelId", p => p.ModelId),
            Lists.Id<InstalledProduct>("contractId", p => p.ContractId),
            Lists.Text<InstalledProduct>("productLine", p => p.ProductLine),
            Lists.Text<InstalledProduct>("customField1", p => p.CustomField1),
            new("serialNumber", "The product with this serial number (any case).", (q, raw, _) =>
                q.Where(p => p.SerialNumber == (SerialNumber.Normalize(raw) ?? raw))),
        ],
        Sorts =
        [
            Lists.Sort<InstalledProduct, string>("serialNumber", p => p.SerialNumber),
            Lists.Sort<InstalledProduct, DateOnly>("warrantyEnd", p => p.WarrantyEnd),
            Lists.Sort<InstalledProduct, DateTimeOffset>("createdAt", p => p.CreatedAt),
        ],
        Unique =
        [
            new("serialNumber", p => x => x.SerialNumber == p.SerialNumber && x.Id != p.Id,
                p => $"Serial number {p.SerialNumber} is already registered."),
        ],
    };

    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        app.MapRecords(ProductModelEndpoints.Api);
        app.MapRecords(Api).MapWarranty().MapCustomFields();
        return app;
    }

    private static async Task<InstalledProduct?> ApplyAsync(RecordContext c, InstalledProductInput i, InstalledProduct? product)
    {
        var e = c.Errors;
        var serial = SerialNumber.Normalize(i.SerialNumber);
        if (serial is null)
            e.Add("serialNumber", string.IsNullOrWhiteSpace(i.SerialNumber)
                ? "serialNumber is required."
                : $"'{i.SerialNumber}' is not a serial number: 3–64 letters, digits and - _ / .");
        var model = await c.Required<ProductModel>("modelId", i.ModelId);
        await c.Required<Customer>("customerId", i.CustomerId);
        var contract = await c.Reference<ServiceContract>("contractId", i.ContractId);
        if (contract is not null && contract.CustomerId != i.CustomerId)
            e.Add("contractId", "The contract belongs to another customer.");
        var sale = e.Required("saleDate", i.SaleDate);
        if (i.AcceptanceDate < i.SaleDate)
            e.Add("acceptanceDate", "The acceptance date cannot be before the sale date.");
        var exclusions = Exclusions(i.Exclusions, c);
        var fields = new[] { i.CustomField1, i.CustomField2, i.CustomField3, i.CustomField4, i.CustomField5 }
            .Select((v, n) => e.Optional($"customField{n + 1}", v, 100)).ToArray();
        var site = e.Optional("siteAddress", i.SiteAddress, 500);
        var notes = e.Optional("notes", i.Notes, 2000);
        if (e.Any)
            return null;

        product ??= new InstalledProduct { SerialNumber = serial! };
        product.SerialNumber = serial!;
        (product.ModelId, product.CustomerId, product.ContractId) = (model!.Id, i.CustomerId!.Value, i.ContractId);
        (product.SiteAddress, product.ProductLine, product.Notes) = (site, model.ProductLine, notes);
        (product.SaleDate, product.AcceptanceDate, product.Exclusions) = (sale, i.AcceptanceDate, exclusions);
        (product.CustomField1, product.CustomField2, product.CustomField3, product.CustomField4, product.CustomField5) =
            (fields[0], fields[1], fields[2], fields[3], fields[4]);
        var facts = product.Facts(model.WarrantyMonths, contract?.WarrantyCoverageEnd);
        product.WarrantyEnd = WarrantyEvaluator.Evaluate(facts, facts.WarrantyStart).WarrantyEnd;
        return product;
    }

    private static WarrantyExclusions Exclusions(List<string>? names, RecordContext c)
    {
        var result = WarrantyExclusions.None;
        foreach (var name in names ?? [])
        {
            var flag = c.Errors.Enum<WarrantyExclusions>("exclusions", name);
            if (flag == WarrantyExclusions.None && !c.Errors.Has("exclusions"))
                c.Errors.Add("exclusions", "None is not an exclusion; leave the list empty instead.");
            result |= flag;
        }
        return result;
    }
}
