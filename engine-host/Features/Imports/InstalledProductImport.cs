using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Warranty;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>
/// The installed base from a file, upserted by serial number: a row whose serial number is registered updates that
/// product (its owner, model, dates…), any other row registers one. A serial number never changes by import: a row whose
/// <c>id</c> names a product registered under another serial number is refused as an altered serial number.
/// </summary>
public sealed class InstalledProductImport : ImportKind
{
    public override string Name => "installed-products";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("serialNumber", true, "AC35-2026-000123", "Serial number: 3–64 letters, digits and - _ / . (any case); rows are matched to stored products by it"),
        new("customerCode", true, "C-10001", "The owner by customer code (or a customerId column)"),
        new("modelCode", true, "KFR-35GW", "The product model by its code (or a modelId column)"),
        new("saleDate", true, "2026-03-15", "Sale date, yyyy-mm-dd"),
        new("acceptanceDate", false, "2026-03-18", "Installation / acceptance date, yyyy-mm-dd; the warranty starts here"),
        new("siteAddress", false, "浦东新区张江路 100 号", "Where it is installed"),
        new("contractCode", false, "", "Service contract by its code (or a contractId column); must be the owner's"),
        new("customField1", false, "", "Custom field 1"),
        new("customField2", false, "", "Custom field 2"),
        new("customField3", false, "", "Custom field 3"),
        new("customField4", false, "", "Custom field 4"),
        new("customField5", false, "", "Custom field 5"),
        new("exclusions", false, "", "Warranty exclusions found, comma-separated: NoValidProof, AlteredSerial, Misuse, UnauthorisedRepair, AccidentOrForceMajeure"),
        new("notes", false, "", "Notes"),
        new("customerId", false, "", "The owner by id (what an export writes)"),
        new("modelId", false, "", "The model by id (what an export writes)"),
        new("contractId", false, "", "The contract by id (what an export writes)"),
        new("id", false, "", "The stored product's id (what an export writes); must be the product with this serial number"),
    ];

    public override IReadOnlyList<string> Ignored { get; } = ["productLine", "warrantyEnd", "createdAt", "updatedAt", "revision"];

    protected override IEnumerable<string> Alternates(string field) => field switch
    {
        "customerCode" => ["customerId"],
        "modelCode" => ["modelId"],
        _ => [],
    };

    private sealed record Model(Guid Id, string Code, string ProductLine, int WarrantyMonths);

    private sealed record Contract(Guid Id, string Code, Guid CustomerId);

    private sealed record Row(int Number, Guid? Id, string Serial, Guid CustomerId, Model Model, Contract? Contract, DateOnly SaleDate,
        DateOnly? AcceptanceDate, string? SiteAddress, string?[] Fields, WarrantyExclusions Exclusions, string? Notes, ImportRow Cells);

    public override async Task<IImportPlan?> ValidateAsync(DbContext db, TableData table, ImportReport report, Func<int, Task> progress,
        CancellationToken ct)
    {
        if (MapHeader(table, report) is not { } columns)
            return null;
        var rows = table.Rows.Select(r => new ImportRow(r, columns, report)).ToList();
        var models = (await db.Set<ProductModel>().AsNoTracking().ToListAsync(ct))
            .Select(m => new Model(m.Id, m.ModelCode, m.ProductLine, m.WarrantyMonths)).ToList();
        var modelByCode = models.GroupBy(m => m.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(),
            StringComparer.OrdinalIgnoreCase);
        var modelById = models.ToDictionary(m => m.Id);

        var serials = rows.Select(r => SerialNumber.Normalize(r["serialNumber"])).OfType<string>().ToList();
        var stored = await InChunksAsync(serials, chunk => db.Set<InstalledProduct>().AsNoTracking()
            .Where(p => chunk.Contains(p.SerialNumber)).Select(p => new { p.Id, p.SerialNumber }).ToListAsync(ct), p => p.SerialNumber);
        var givenIds = Ids(rows, "id");
        var storedById = await InChunksAsync(givenIds, chunk =>
        {
            var ids = chunk.Select(Guid.Parse).ToList();
            return db.Set<InstalledProduct>().AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.SerialNumber })
                .ToListAsync(ct);
        }, p => p.Id.ToString());

        var customerCodes = rows.Select(r => r["customerCode"]).OfType<string>().ToList();
        var customersByCode = await InChunksAsync(customerCodes, chunk => db.Set<Customer>().AsNoTracking()
            .Where(c => chunk.Contains(c.Code)).Select(c => new { c.Id, c.Code }).ToListAsync(ct), c => c.Code);
        var customerIds = await InChunksAsync(Ids(rows, "customerId"), chunk =>
        {
            var ids = chunk.Select(Guid.Parse).ToList();
            return db.Set<Customer>().AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        }, id => id.ToString());

        var contractCodes = rows.Select(r => r["contractCode"]).OfType<string>().ToList();
        var contractIds = Ids(rows, "contractId").Select(Guid.Parse).ToList();
        var contracts = new List<Contract>();
        foreach (var chunk in contractCodes.Distinct().Chunk(Batch))
            contracts.AddRange((await db.Set<ServiceContract>().AsNoTracking().Where(c => chunk.Contains(c.Code)).ToListAsync(ct))
                .Select(c => new Contract(c.Id, c.Code, c.CustomerId)));
        foreach (var chunk in contractIds.Distinct().Chunk(Batch))
            contracts.AddRange((await db.Set<ServiceContract>().AsNoTracking().Where(c => chunk.Contains(c.Id)).ToListAsync(ct))
                .Select(c => new Contract(c.Id, c.Code, c.CustomerId)));
        var contractByCode = contracts.DistinctBy(c => c.Id).ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        var contractById = contracts.DistinctBy(c => c.Id).ToDictionary(c => c.Id);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            var e = new FieldErrors();
            var serial = SerialNumber.Normalize(row["serialNumber"]);
            if (serial is null)
                e.Add("serialNumber", row["serialNumber"] is { } raw
                    ? $"'{raw}' is not a serial number: 3–64 letters, digits and - _ / ."
                    : "serialNumber is required.");
            else if (!seen.TryAdd(serial, row.Number))
                e.Add("serialNumber", $"The serial number {serial} is on row {seen[serial]} already.");
            Guid? existing = serial is not null && stored.TryGetValue(serial, out var found) ? found.Id : null;
            if (row.Id("id") is { } id && id != existing)
            {
                if (storedById.TryGetValue(id.ToString(), out var registered))
                    e.Add("serialNumber", $"Serial number altered: product {id} is registered as {registered.SerialNumber}; an import cannot change a serial number.");
                else
                    e.Add("id", $"No installed product has the id {id}.");
            }

            Guid? customerId = null;
            if (row["customerCode"] is { } customerCode)
            {
                if (customersByCode.TryGetValue(customerCode, out var customer))
                    customerId = customer.Id;
                else
                    e.Add("customerCode", $"No customer has the code {customerCode}.");
            }
            else if (row.Id("customerId") is { } cid)
            {
                if (customerIds.ContainsKey(cid.ToString()))
                    customerId = cid;
                else
                    e.Add("customerId", $"No customer has the id {cid}.");
            }
            else
                e.Add(row.Has("customerCode") ? "customerCode" : "customerId", "The owner is required: a customer code.");

            Model? model = null;
            if (row["modelCode"] is { } modelCode)
            {
                if (!modelByCode.TryGetValue(modelCode, out model))
                    e.Add("modelCode", $"Unknown model: no product model has the code {modelCode}.");
            }
            else if (row.Id("modelId") is { } mid)
            {
                if (!modelById.TryGetValue(mid, out model))
                    e.Add("modelId", $"Unknown model: no product model has the id {mid}.");
            }
            else
                e.Add(row.Has("modelCode") ? "modelCode" : "modelId", "The model is required: a model code.");

            Contract? contract = null;
            if (row["contractCode"] is { } contractCode)
            {
                if (!contractByCode.TryGetValue(contractCode, out contract))
                    e.Add("contractCode", $"No service contract has the code {contractCode}.");
            }
            else if (row.Id("contractId") is { } kid && !contractById.TryGetValue(kid, out contract))
                e.Add("contractId", $"No service contract has the id {kid}.");
            if (contract is not null && customerId is not null && contract.CustomerId != customerId)
                e.Add(row.Has("contractCode") ? "contractCode" : "contractId", $"The contract {contract.Code} belongs to another customer.");

            var sale = row.Date("saleDate");
            if (sale is null && row["saleDate"] is null)
                e.Add("saleDate", "saleDate is required.");
            var acceptance = row.Date("acceptanceDate");
            if (acceptance < sale)
                e.Add("acceptanceDate", "The acceptance date cannot be before the sale date.");
            var exclusions = Exclusions(row["exclusions"], e);
            var fields = Enumerable.Range(1, 5).Select(n => e.Optional($"customField{n}", row[$"customField{n}"], 100)).ToArray();
            var site = e.Optional("siteAddress", row["siteAddress"], 500);
            var notes = e.Optional("notes", row["notes"], 2000);
            row.Errors(e);
            if (!e.Any && serial is not null && customerId is not null && model is not null && sale is not null)
                valid.Add(new Row(row.Number, existing, serial, customerId.Value, model, contract, sale.Value, acceptance, site, fields,
                    exclusions, notes, row));
            if ((row.Number - 1) % Batch == 0)
                await progress(Math.Min(row.Number - 1, rows.Count));
        }
        await progress(rows.Count);
        return report.Count > 0 ? null : new Plan(valid);
    }

    private static List<string> Ids(List<ImportRow> rows, string field) =>
        rows.Select(r => r[field]).Where(v => Guid.TryParse(v, out _)).OfType<string>().ToList();

    private static WarrantyExclusions Exclusions(string? cell, FieldErrors e)
    {
        var result = WarrantyExclusions.None;
        foreach (var name in (cell ?? "").Split([',', ';', '、', '，', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name.Equals("None", StringComparison.OrdinalIgnoreCase))
                continue;
            result |= e.Enum<WarrantyExclusions>("exclusions", name);
        }
        return result;
    }

    private sealed class Plan(List<Row> rows) : IImportPlan
    {
        public int Rows => rows.Count;

        public async Task<(int Created, int Updated, int Unchanged)> WriteAsync(DbContext db, Func<int, Task> progress, CancellationToken ct)
        {
            var (created, updated, unchanged, done) = (0, 0, 0, 0);
            foreach (var batch in rows.Chunk(Batch))
            {
                var ids = batch.Select(r => r.Id).OfType<Guid>().ToList();
                var existing = await db.Set<InstalledProduct>().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
                var products = new List<(Row Row, InstalledProduct Product)>(batch.Length);
                foreach (var row in batch)
                {
                    var product = row.Id is { } id ? existing[id] : new InstalledProduct { SerialNumber = row.Serial };
                    Apply(row, product);
                    products.Add((row, product));
                    if (row.Id is null)
                        db.Add(product);
                }
                var contractIds = products.Select(p => p.Product.ContractId).OfType<Guid>().Distinct().ToList();
                var coverage = (await db.Set<ServiceContract>().AsNoTracking().Where(c => contractIds.Contains(c.Id)).ToListAsync(ct))
                    .ToDictionary(c => c.Id, c => c.WarrantyCoverageEnd);
                foreach (var (row, product) in products)
                {
                    var facts = product.Facts(row.Model.WarrantyMonths, product.ContractId is { } c ? coverage[c] : null);
                    product.WarrantyEnd = WarrantyEvaluator.Evaluate(facts, facts.WarrantyStart).WarrantyEnd;
                }
                db.ChangeTracker.DetectChanges();
                created += batch.Count(r => r.Id is null);
                var changed = existing.Values.Count(p => Changed(db, p));
                (updated, unchanged) = (updated + changed, unchanged + existing.Count - changed);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                await progress(done += batch.Length);
            }
            return (created, updated, unchanged);
        }

        private static void Apply(Row r, InstalledProduct p)
        {
            var has = r.Cells.Has;
            p.SerialNumber = r.Serial;
            (p.CustomerId, p.ModelId, p.ProductLine, p.SaleDate) = (r.CustomerId, r.Model.Id, r.Model.ProductLine, r.SaleDate);
            if (has("acceptanceDate"))
                p.AcceptanceDate = r.AcceptanceDate;
            if (has("contractCode") || has("contractId"))
                p.ContractId = r.Contract?.Id;
            if (has("siteAddress"))
                p.SiteAddress = r.SiteAddress;
            if (has("customField1"))
                p.CustomField1 = r.Fields[0];
            if (has("customField2"))
                p.CustomField2 = r.Fields[1];
            if (has("customField3"))
                p.CustomField3 = r.Fields[2];
            if (has("customField4"))
                p.CustomField4 = r.Fields[3];
            if (has("customField5"))
                p.CustomField5 = r.Fields[4];
            if (has("exclusions"))
                p.Exclusions = r.Exclusions;
            if (has("notes"))
                p.Notes = r.Notes;
        }
    }
}
