using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Teams;
using Orchestrator.Domain.Warranty;

namespace Orchestrator.EngineHost.Features.Samples;

/// <summary>
/// Loads the sample installed base (samples/data): customers, models, installed products, contracts with PM plans, teams
/// and technicians, parts and stock in two warehouses and the vans, the knowledge base and a second SLA policy version.
/// Idempotent: a record whose code already exists is left as it is, so running it again adds nothing.
/// </summary>
public sealed class SampleData(DbContext db, TimeProvider time, IAuditActor actor, ILogger<SampleData> log)
{
    private int _added;

    /// <summary>Loads what is missing; returns how many records (and stock movements) were added.</summary>
    public async Task<int> LoadAsync(CancellationToken ct)
    {
        _added = 0;
        var groups = await UpsertAsync(SampleFiles.Read<SampleGroup>("customer-groups"), g => g.Code, (CustomerGroup x) => x.Code,
            g => new CustomerGroup { Code = g.Code, Name = g.Name, Kind = g.Kind, Owner = g.Owner }, ct);
        var customers = await UpsertAsync(SampleFiles.Read<SampleCustomer>("customers"), c => c.Code, (Customer x) => x.Code, c => new Customer
        {
            Code = c.Code,
            Name = c.Name,
            Kind = c.Kind,
            Phone = c.Phone,
            Email = c.Email,
            Region = c.Region,
            Province = c.Province,
            City = c.City,
            GroupId = c.Group is null ? null : groups[c.Group].Id,
            Tier = c.Tier,
            Blacklisted = c.Blacklisted,
            BlacklistReason = c.BlacklistReason,
            LoyaltyPoints = c.LoyaltyPoints,
            Contacts = c.Contacts,
            Addresses = c.Addresses,
        }, ct);
        var models = await UpsertAsync(SampleFiles.Read<SampleModel>("product-models"), m => m.ModelCode, (ProductModel x) => x.ModelCode,
            m => new ProductModel
            {
                ModelCode = m.ModelCode,
                Name = m.Name,
                ProductLine = m.ProductLine,
                WarrantyMonths = m.WarrantyMonths,
                PmIntervalMonths = m.PmIntervalMonths,
                SpareParts = m.SpareParts,
            }, ct);
        var contractsFile = SampleFiles.Read<SampleContract>("service-contracts");
        var contracts = await UpsertAsync(contractsFile, c => c.Code, (ServiceContract x) => x.Code, c => new ServiceContract
        {
            Code = c.Code,
            CustomerId = customers[c.Customer].Id,
            Level = Enum.Parse<ContractLevel>(c.Level),
            Coverage = c.Coverage.Aggregate(ContractCoverage.None, (all, one) => all | Enum.Parse<ContractCoverage>(one)),
            StartDate = c.StartDate,
            EndDate = c.EndDate,
        }, ct);
        var contractOf = contractsFile.SelectMany(c => c.Products.Select(p => (Serial: p, Contract: contracts[c.Code])))
            .ToDictionary(x => x.Serial, x => x.Contract);
        await UpsertAsync(SampleFiles.Read<SampleProduct>("installed-products"), p => p.SerialNumber, (InstalledProduct x) => x.SerialNumber,
            p => Product(p, models[p.Model], customers[p.Customer].Id, contractOf.GetValueOrDefault(p.SerialNumber)), ct);
        _added += await PmPlansAsync(contractsFile, contracts, ct);

        var teams = await UpsertAsync(SampleFiles.Read<SampleTeam>("teams"), t => t.Code, (TeamRecord x) => x.Code,
            t => new TeamRecord { Code = t.Code, Name = t.Name, ProductLines = t.ProductLines, Regions = t.Regions, LeadCode = t.LeadCode }, ct);
        await UpsertAsync(SampleFiles.Read<SampleTechnician>("technicians"), t => t.Code, (TechnicianRecord x) => x.Code, t => new TechnicianRecord
        {
            Code = t.Code,
            Name = t.Name,
            TeamId = teams[t.Team].Id,
            Skills = t.Skills,
            Regions = t.Regions,
            Phone = t.Phone,
        }, ct);
        await UpsertAsync(SampleFiles.Read<SamplePart>("parts"), p => p.PartNumber, (PartRecord x) => x.PartNumber, p => new PartRecord
        {
            PartNumber = p.PartNumber,
            Name = p.Name,
            ProductLine = p.ProductLine,
            UnitPrice = Money.FromYuan(p.UnitPrice),
            SafetyStock = p.SafetyStock,
            MinStock = p.MinStock,
            MaxStock = p.MaxStock,
        }, ct);
        await UpsertAsync(SampleFiles.Read<SampleWarehouse>("warehouses"), w => w.Code, (Warehouse x) => x.Code,
            w => new Warehouse { Code = w.Code, Name = w.Name, Region = w.Region, Address = w.Address }, ct);
        _added += await StockAsync(ct);
        _added += await SampleKnowledge.LoadAsync(db, ct);
        _added += await SampleKnowledge.SlaVersionAsync(db, time, ct);
        log.LogInformation("Sample data loaded: {Added} records added", _added);
        return _added;
    }

    /// <summary>Adds the sample records whose code is not in the table yet; returns every sample record by code.</summary>
    private async Task<Dictionary<string, TEntity>> UpsertAsync<TSample, TEntity>(List<TSample> samples, Func<TSample, string> code,
        Func<TEntity, string> entityCode, Func<TSample, TEntity> create, CancellationToken ct) where TEntity : class
    {
        var existing = (await db.Set<TEntity>().AsNoTracking().ToListAsync(ct)).ToDictionary(entityCode);
        foreach (var sample in samples.Where(s => !existing.ContainsKey(code(s))))
        {
            var entity = create(sample);
            db.Add(entity);
            existing[code(sample)] = entity;
            _added++;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return existing;
    }

    private static InstalledProduct Product(SampleProduct p, ProductModel model, Guid customerId, ServiceContract? contract)
    {
        var product = new InstalledProduct
        {
            SerialNumber = SerialNumber.Normalize(p.SerialNumber)!,
            ModelId = model.Id,
            CustomerId = customerId,
            SiteAddress = p.SiteAddress,
            ProductLine = model.ProductLine,
            SaleDate = p.SaleDate,
            AcceptanceDate = p.AcceptanceDate,
            ContractId = contract?.Id,
            CustomField1 = p.CustomField1,
            CustomField2 = p.CustomField2,
            Exclusions = p.Exclusions.Aggregate(WarrantyExclusions.None, (all, one) => all | Enum.Parse<WarrantyExclusions>(one)),
        };
        var facts = product.Facts(model.WarrantyMonths, contract?.WarrantyCoverageEnd);
        product.WarrantyEnd = WarrantyEvaluator.Evaluate(facts, facts.WarrantyStart).WarrantyEnd;
        return product;
    }

    private async Task<int> PmPlansAsync(List<SampleContract> samples, Dictionary<string, ServiceContract> contracts, CancellationToken ct)
    {
        var planned = (await db.Set<PmPlan>().AsNoTracking().Select(p => p.ContractId).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var sample in samples.Where(s => s.PmPlan is not null && !planned.Contains(contracts[s.Code].Id)))
        {
            var contract = contracts[sample.Code];
            db.Add(new PmPlan
            {
                ContractId = contract.Id,
                IntervalMonths = sample.PmPlan!.IntervalMonths,
                Checklist = sample.PmPlan.Checklist,
                NextDueDate = contract.StartDate.AddMonths(sample.PmPlan.IntervalMonths),
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    /// <summary>Each sample movement once: a movement whose reference is already in the journal for that part is skipped.</summary>
    private async Task<int> StockAsync(CancellationToken ct)
    {
        var done = (await db.Set<StockMovementRecord>().AsNoTracking().Where(m => m.Reference != null)
            .Select(m => m.PartNumber + "|" + m.Reference).ToListAsync(ct)).ToHashSet();
        var ledger = new StoredStockLedger(db, time, actor);
        var added = 0;
        foreach (var m in SampleFiles.Read<SampleMovement>("stock-movements").Where(m => !done.Contains(m.PartNumber + "|" + m.Reference)))
        {
            StockMovement movement = m.Kind == "Receive"
                ? new Receive(m.PartNumber, StockLocation.Warehouse(m.Warehouse), m.Quantity, m.Reference)
                : new IssueToTechnician(m.PartNumber, StockLocation.Warehouse(m.Warehouse), StockLocation.Van(m.Technician!), m.Quantity, m.Reference);
            var result = await ledger.ApplyAsync([movement], ct);
            if (!result.Succeeded)
                log.LogWarning("Sample movement {Movement} of {Part} refused: {Reason}", m.Kind, m.PartNumber, result.Refusal!.Message);
            else
                added++;
        }
        return added;
    }
}
