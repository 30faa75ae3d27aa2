using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;

namespace Orchestrator.EngineHost.Features.Imports;

/// <summary>
/// Customers from a file, upserted by <c>code</c> (the customer's external id): a row whose code exists updates that
/// customer, any other row creates one. A column the file leaves out keeps the stored value; a blank cell clears it.
/// </summary>
public sealed class CustomerImport : ImportKind
{
    public override string Name => "customers";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("code", true, "C-10001", "The customer code, unique; rows are matched to stored customers by it", "客户编码", "customerCode"),
        new("name", true, "上海华东制冷设备有限公司", "Person or company name", "客户名称", "customerName"),
        new("externalId", false, "CRM-88213", "The customer's id in the integrating system (CRM), unique; webhooks and POST /api/requests find the customer by it"),
        new("kind", false, "Company", "Person or Company (default Person)"),
        new("phone", false, "13800000000", "Phone: digits, spaces, dashes, brackets, + and an extension"),
        new("email", false, "service@example.com", "Email address"),
        new("region", false, "Shanghai", "Service region (assignment and SLA rules match on it)"),
        new("province", false, "上海", "Province"),
        new("city", false, "上海", "City"),
        new("groupCode", false, "G-EAST", "Customer group by its code"),
        new("groupId", false, "", "Customer group by its id (what an export writes)"),
        new("tier", false, "Gold", "Standard, Silver, Gold or Vip (default Standard)"),
        new("blacklisted", false, "false", "true or false"),
        new("blacklistReason", false, "", "Needed when blacklisted"),
        new("loyaltyPoints", false, "0", "Loyalty points, 0 or more"),
        new("contacts", false, "", "JSON list as the export writes it: [{\"name\":…,\"phone\":…,\"email\":…,\"role\":…,\"primary\":true}]"),
        new("addresses", false, "", "JSON list as the export writes it: [{\"label\":…,\"city\":…,\"line\":…,\"default\":true}]"),
        new("notes", false, "", "Notes"),
        new("id", false, "", "The stored customer's id (what an export writes); must belong to the row's code"),
    ];

    public override IReadOnlyList<string> Ignored { get; } = ["createdAt", "updatedAt", "revision"];

    private sealed record Stored(Guid Id, string Code, bool Blacklisted, string? BlacklistReason);

    private sealed record Row(int Number, Guid? Id, string Code, string Name, string? ExternalId, CustomerKind? Kind, string? Phone, string? Email,
        string? Region, string? Province, string? City, Guid? GroupId, CustomerTier? Tier, bool? Blacklisted, string? BlacklistReason,
        int? LoyaltyPoints, List<CustomerContact>? Contacts, List<CustomerAddress>? Addresses, string? Notes, ImportRow Cells);

    public override async Task<IImportPlan?> ValidateAsync(DbContext db, TableData table, ImportReport report, Func<int, Task> progress,
        CancellationToken ct)
    {
        if (MapHeader(table, report) is not { } columns)
            return null;
        var rows = table.Rows.Select(r => new ImportRow(r, columns, report)).ToList();
        var codes = rows.Select(r => r["code"]).OfType<string>().ToList();
        var stored = await InChunksAsync(codes, chunk => db.Set<Customer>().AsNoTracking().Where(c => chunk.Contains(c.Code))
            .Select(c => new Stored(c.Id, c.Code, c.Blacklisted, c.BlacklistReason)).ToListAsync(ct), s => s.Code);
        var ids = rows.Select(r => r["id"]).Where(v => Guid.TryParse(v, out _)).OfType<string>().ToList();
        var byId = await InChunksAsync(ids, chunk =>
        {
            var guids = chunk.Select(Guid.Parse).ToList();
            return db.Set<Customer>().AsNoTracking().Where(c => guids.Contains(c.Id)).Select(c => new { c.Id, c.Code }).ToListAsync(ct);
        }, c => c.Id.ToString());
        var externalIds = rows.Select(r => r["externalId"]).OfType<string>().ToList();
        var byExternalId = await InChunksAsync(externalIds, chunk => db.Set<Customer>().AsNoTracking()
            .Where(c => c.ExternalId != null && chunk.Contains(c.ExternalId)).Select(c => new { c.Code, ExternalId = c.ExternalId! })
            .ToListAsync(ct), c => c.ExternalId);
        var seenExternal = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = await db.Set<CustomerGroup>().AsNoTracking().Select(g => new { g.Id, g.Code }).ToListAsync(ct);
        var groupByCode = groups.ToDictionary(g => g.Code, g => g.Id, StringComparer.OrdinalIgnoreCase);
        var groupIds = groups.Select(g => g.Id).ToHashSet();

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            var e = new FieldErrors();
            var code = e.Required("code", row["code"], 32);
            var name = e.Required("name", row["name"]);
            if (code.Length > 0 && !seen.TryAdd(code, row.Number))
                e.Add("code", $"The code {code} is on row {seen[code]} already.");
            stored.TryGetValue(code, out var existing);
            var id = row.Id("id");
            if (id is { } given && existing?.Id != given)
            {
                e.Add(byId.TryGetValue(given.ToString(), out var other) ? "code" : "id", byId.ContainsKey(given.ToString())
                    ? $"Customer {given} has the code {other!.Code}; an import cannot change a code."
                    : $"No customer has the id {given}.");
            }
            var externalId = e.Optional("externalId", row["externalId"], 200);
            if (externalId is not null && !seenExternal.TryAdd(externalId, row.Number))
                e.Add("externalId", $"The external id {externalId} is on row {seenExternal[externalId]} already.");
            else if (externalId is not null && byExternalId.TryGetValue(externalId, out var holder) && holder.Code != code)
                e.Add("externalId", $"The external id {externalId} belongs to customer {holder.Code}.");
            CustomerKind? kind = row.Has("kind") ? e.Enum("kind", row["kind"], CustomerKind.Person) : null;
            CustomerTier? tier = row.Has("tier") ? e.Enum("tier", row["tier"], CustomerTier.Standard) : null;
            var phone = e.Phone("phone", row["phone"]);
            var email = e.Email("email", row["email"]);
            var group = Group(row, e, groupByCode, groupIds);
            var blacklisted = row.Bool("blacklisted");
            var reason = e.Optional("blacklistReason", row["blacklistReason"], 500);
            if ((blacklisted ?? existing?.Blacklisted ?? false) && (row.Has("blacklistReason") ? reason : existing?.BlacklistReason) is null)
                e.Add("blacklistReason", "A blacklisted customer needs the reason.");
            var points = row.Int("loyaltyPoints");
            if (points is < 0)
                e.Add("loyaltyPoints", "loyaltyPoints cannot be negative.");
            var contacts = row.JsonList<CustomerContact>("contacts");
            for (var n = 0; n < contacts?.Count; n++)
            {
                e.Required($"contacts[{n}].name", contacts[n]?.Name);
                e.Phone($"contacts[{n}].phone", contacts[n]?.Phone);
                e.Email($"contacts[{n}].email", contacts[n]?.Email);
            }
            var addresses = row.JsonList<CustomerAddress>("addresses");
            for (var n = 0; n < addresses?.Count; n++)
            {
                e.Required($"addresses[{n}].label", addresses[n]?.Label, 100);
                e.Required($"addresses[{n}].line", addresses[n]?.Line, 500);
            }
            var (region, province, city) = (e.Optional("region", row["region"], 100), e.Optional("province", row["province"], 100),
                e.Optional("city", row["city"], 100));
            var notes = e.Optional("notes", row["notes"], 2000);
            row.Errors(e);
            valid.Add(new Row(row.Number, existing?.Id, code, name, externalId, kind, phone, email, region, province, city, group, tier, blacklisted,
                reason, points, contacts, addresses, notes, row));
            if (valid.Count % Batch == 0)
                await progress(valid.Count);
        }
        await progress(valid.Count);
        return report.Count > 0 ? null : new Plan(valid);
    }

    private static Guid? Group(ImportRow row, FieldErrors e, Dictionary<string, Guid> byCode, HashSet<Guid> ids)
    {
        if (row["groupCode"] is { } code)
        {
            if (byCode.TryGetValue(code, out var id))
                return id;
            e.Add("groupCode", $"No customer group has the code {code}.");
        }
        else if (row.Id("groupId") is { } id)
        {
            if (ids.Contains(id))
                return id;
            e.Add("groupId", $"No customer group has the id {id}.");
        }
        return null;
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
                var existing = await db.Set<Customer>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
                foreach (var row in batch)
                {
                    var customer = row.Id is { } id ? existing[id] : new Customer { Code = row.Code, Name = row.Name };
                    Apply(row, customer);
                    if (row.Id is null)
                        db.Add(customer);
                }
                db.ChangeTracker.DetectChanges();
                created += batch.Count(r => r.Id is null);
                var changed = existing.Values.Count(c => Changed(db, c));
                (updated, unchanged) = (updated + changed, unchanged + existing.Count - changed);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                await progress(done += batch.Length);
            }
            return (created, updated, unchanged);
        }

        private static void Apply(Row r, Customer c)
        {
            var has = r.Cells.Has;
            (c.Code, c.Name) = (r.Code, r.Name);
            if (has("externalId"))
                c.ExternalId = r.ExternalId;
            if (r.Kind is { } kind)
                c.Kind = kind;
            if (r.Tier is { } tier)
                c.Tier = tier;
            if (has("phone"))
                c.Phone = r.Phone;
            if (has("email"))
                c.Email = r.Email;
            if (has("region"))
                c.Region = r.Region;
            if (has("province"))
                c.Province = r.Province;
            if (has("city"))
                c.City = r.City;
            if (has("groupCode") || has("groupId"))
                c.GroupId = r.GroupId;
            if (has("blacklisted"))
                c.Blacklisted = r.Blacklisted ?? false;
            if (has("blacklistReason") || has("blacklisted"))
                c.BlacklistReason = c.Blacklisted ? r.BlacklistReason ?? c.BlacklistReason : null;
            if (has("loyaltyPoints"))
                c.LoyaltyPoints = r.LoyaltyPoints ?? 0;
            if (has("contacts"))
                c.Contacts = r.Contacts ?? [];
            if (has("addresses"))
                c.Addresses = r.Addresses ?? [];
            if (has("notes"))
                c.Notes = r.Notes;
        }
    }
}
