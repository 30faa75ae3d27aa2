using Orchestrator.Domain.Products;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Products;

public sealed record ProductModelInput(string? ModelCode, string? Name, string? ProductLine, int? WarrantyMonths,
    int? PmIntervalMonths, List<string>? SpareParts);

internal static class ProductModelEndpoints
{
    public static readonly RecordApi<ProductModel, ProductModelInput> Api = new()
    {
        Route = "product-models",
        Tag = "Products",
        Noun = "product model",
        FindBy = GuidKeys.FindBy<ProductModel>(code => m => m.ModelCode == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = (c, i, model) =>
        {
            var e = c.Errors;
            var code = e.Required("modelCode", i.ModelCode, 64);
            var name = e.Required("name", i.Name);
            var line = e.Required("productLine", i.ProductLine, 64);
            var months = e.Range("warrantyMonths", i.WarrantyMonths, 1, 120, 12);
            int? pm = i.PmIntervalMonths is null ? null : e.Range("pmIntervalMonths", i.PmIntervalMonths, 1, 60);
            var parts = e.List("spareParts", i.SpareParts, 64);
            if (e.Any)
                return Task.FromResult<ProductModel?>(null);
            model ??= new ProductModel { ModelCode = code, Name = name, ProductLine = line };
            (model.ModelCode, model.Name, model.ProductLine, model.WarrantyMonths, model.PmIntervalMonths, model.SpareParts) =
                (code, name, line, months, pm, parts);
            return Task.FromResult<ProductModel?>(model);
        },
        Filters = [Lists.Text<ProductModel>("productLine", m => m.ProductLine), Lists.Text<ProductModel>("modelCode", m => m.ModelCode)],
        Sorts = [Lists.Sort<ProductModel, string>("modelCode", m => m.ModelCode), Lists.Sort<ProductModel, string>("productLine", m => m.ProductLine)],
        Unique = [new("modelCode", m => x => x.ModelCode == m.ModelCode && x.Id != m.Id, m => $"Model code {m.ModelCode} is taken.")],
    };
}
