using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Callbacks;
using Orchestrator.Domain.Complaints;
using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Warranty;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Workspace;

public sealed record IntakeProduct(Guid Id, string SerialNumber, string? ModelCode, string? ModelName, string? ProductLine, DateOnly SaleDate,
    DateOnly? AcceptanceDate, DateOnly WarrantyEnd, string? SiteAddress);

public sealed record IntakeRequest(Guid Id, string Number, string Type, string Status, string Priority, string Symptom, string? SerialNumber,
    DateTimeOffset OpenedAt, DateTimeOffset? ResolutionDue);

/// <param name="Kind">request, complaint or callback.</param>
public sealed record IntakeContact(string Kind, Guid Id, string? Number, DateTimeOffset At, string Summary, string Status);

/// <param name="MatchedBy">phone, name, code or serialNumber: what of the query found this customer.</param>
public sealed record IntakeCustomer(Guid Id, string Code, string Name, string? Phone, string? Email, string? Region, string? City, string Tier,
    bool Blacklisted, string? BlacklistReason, string MatchedBy, IReadOnlyList<CustomerContact> Contacts, IReadOnlyList<CustomerAddress> Addresses,
    IReadOnlyList<IntakeProduct> Products, IReadOnlyList<IntakeRequest> OpenRequests, IReadOnlyList<IntakeContact> Recent);

public sealed record IntakeLookup(string Query, IReadOnlyList<IntakeCustomer> Customers);

/// <param name="Registered">False: the serial number is unknown and the answer is for the model and sale date given.</param>
public sealed record IntakeWarranty(string? SerialNumber, bool Registered, DateOnly At, string Remedy, string ReasonCode, string Reason,
    DateOnly WarrantyStart, DateOnly WarrantyEnd, int DaysSinceStart, Guid? CustomerId, string? ModelCode, string? ProductLine);

/// <summary>
/// Phone intake (the caller-ID pop-up of the seed systems): find the caller by phone number, name, customer code or serial
/// number with their products, open requests and recent contacts; preview the warranty of the product they call about.
/// </summary>
internal static class IntakeEndpoints
{
    private const int MaxCustomers = 10;

    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/intake").WithTags("Intake");
        group.MapGet("/lookup", LookupAsync).Produces<IntakeLookup>().ProducesValidationProblem()
            .WithSummary("Customers whose phone (exact or starting with the digits), name (starting with), code or product serial number "
                + "matches q, with their products, open requests and the last contacts (requests, complaints, callbacks); at most 10");
        group.MapGet("/warranty", WarrantyAsync).Produces<IntakeWarranty>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("The warranty decision today for a serial number; for an unregistered one, for the model and sale date given");
        return app;
    }

    private static async Task<IResult> LookupAsync(string? q, DbContext db, CancellationToken ct)
    {
        var query = q?.Trim() ?? "";
        if (query.Length is < 2 or > 100)
            return Problems.Invalid("q", "Type 2 to 100 characters: a phone number, a name, a customer code or a serial number.");

        var found = new Dictionary<Guid, string>();
        void Add(IEnumerable<Guid> ids, string by)
        {
            foreach (var id in ids)
                found.TryAdd(id, by);
        }
        var customers = db.Set<Customer>().AsNoTracking();
        var digits = PhoneDigits(query);
        if (digits is not null)
        {
            // exact first (the caller id), then numbers starting with what was typed; both use the phone index
            Add(await customers.Where(c => c.Phone == digits || c.Phone == query).Select(c => c.Id).Take(MaxCustomers).ToListAsync(ct), "phone");
            if (digits.Length >= 4)
                Add(await customers.Where(c => c.Phone!.StartsWith(digits)).OrderBy(c => c.Phone).Select(c => c.Id).Take(MaxCustomers).ToListAsync(ct), "phone");
        }
        Add(await customers.Where(c => c.Code == query).Select(c => c.Id).Take(1).ToListAsync(ct), "code");
        if (SerialNumber.Normalize(query) is { } serial)
        {
            Add(await db.Set<InstalledProduct>().AsNoTracking().Where(p => p.SerialNumber == serial).Select(p => p.CustomerId).ToListAsync(ct),
                "serialNumber");
            if (serial.Length >= 4)
                Add(await db.Set<InstalledProduct>().AsNoTracking().Where(p => p.SerialNumber.StartsWith(serial)).OrderBy(p => p.SerialNumber)
                    .Select(p => p.CustomerId).Take(MaxCustomers).ToListAsync(ct), "serialNumber");
        }
        if (digits is null)
            Add(await customers.Where(c => c.Name.StartsWith(query)).OrderBy(c => c.Name).Select(c => c.Id).Take(MaxCustomers).ToListAsync(ct), "name");

        var ids = found.Keys.Take(MaxCustomers).ToList();
        var rows = await customers.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var products = await (from p in db.Set<InstalledProduct>().AsNoTracking()
                              join m in db.Set<ProductModel>().AsNoTracking() on p.ModelId equals m.Id into models
                              from m in models.DefaultIfEmpty()
                              where ids.Contains(p.CustomerId)
                              select new
                              {
                                  p.CustomerId,
                                  Product = new IntakeProduct(p.Id, p.SerialNumber, m.ModelCode, m.Name, p.ProductLine, p.SaleDate,
                                  p.AcceptanceDate, p.WarrantyEnd, p.SiteAddress)
                              }).ToListAsync(ct);
        var serials = products.ToDictionary(p => p.Product.Id, p => p.Product.SerialNumber);
        var requests = await db.Set<ServiceRequest>().AsNoTracking().Where(r => ids.Contains(r.CustomerId))
            .OrderByDescending(r => r.OpenedAt).Take(200).ToListAsync(ct);
        var complaints = await db.Set<Complaint>().AsNoTracking().Where(c => ids.Contains(c.CustomerId))
            .OrderByDescending(c => c.CreatedAt).Take(50).ToListAsync(ct);
        var callbacks = await db.Set<Callback>().AsNoTracking().Where(c => ids.Contains(c.CustomerId))
            .OrderByDescending(c => c.CreatedAt).Take(50).ToListAsync(ct);

        IntakeRequest Open(ServiceRequest r) => new(r.Id, r.Number, r.Type.ToString(), r.Status.ToString(), r.Priority.ToString(), r.Symptom,
            r.InstalledProductId is { } pid ? serials.GetValueOrDefault(pid) : null, r.OpenedAt, r.ResolutionDue);
        var answer = ids.Select(id => rows.FirstOrDefault(c => c.Id == id)).OfType<Customer>().Select(c => new IntakeCustomer(c.Id, c.Code, c.Name,
            c.Phone, c.Email, c.Region, c.City, c.Tier.ToString(), c.Blacklisted, c.BlacklistReason, found[c.Id], c.Contacts, c.Addresses,
            products.Where(p => p.CustomerId == c.Id).Select(p => p.Product).OrderByDescending(p => p.SaleDate).Take(50).ToList(),
            requests.Where(r => r.CustomerId == c.Id && IsOpen(r.Status)).Select(Open).ToList(),
            requests.Where(r => r.CustomerId == c.Id).Select(r => new IntakeContact("request", r.Id, r.Number, r.OpenedAt, r.Symptom, r.Status.ToString()))
                .Concat(complaints.Where(x => x.CustomerId == c.Id)
                    .Select(x => new IntakeContact("complaint", x.Id, x.Number, x.CreatedAt, x.Subject, x.Status.ToString())))
                .Concat(callbacks.Where(x => x.CustomerId == c.Id)
                    .Select(x => new IntakeContact("callback", x.Id, null, x.CompletedAt ?? x.ScheduledFor ?? x.CreatedAt, x.Feedback ?? x.Purpose,
                        x.Status.ToString())))
                .OrderByDescending(x => x.At).Take(5).ToList())).ToList();
        return TypedResults.Ok(new IntakeLookup(query, answer));
    }

    private static async Task<IResult> WarrantyAsync(string? serialNumber, string? model, string? saleDate, DbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var serial = SerialNumber.Normalize(serialNumber);
        if (serial is null)
            return Problems.Invalid("serialNumber", "A serial number is 3–64 letters, digits and - _ / . (starting with a letter or digit).");
        var product = await db.Set<InstalledProduct>().AsNoTracking().FirstOrDefaultAsync(p => p.SerialNumber == serial, ct);
        if (product is not null)
        {
            var m = await db.Set<ProductModel>().AsNoTracking().FirstAsync(x => x.Id == product.ModelId, ct);
            var contract = product.ContractId is { } contractId
                ? await db.Set<ServiceContract>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == contractId, ct)
                : null;
            var known = WarrantyEvaluator.Evaluate(product.Facts(m.WarrantyMonths, contract?.WarrantyCoverageEnd), today);
            return TypedResults.Ok(Answer(serial, true, today, known, product.CustomerId, m));
        }
        if (string.IsNullOrWhiteSpace(model))
            return Problems.NotFound($"The serial number {serial} is not registered; give its model (and sale date) to see its warranty.");
        var newModel = await db.Set<ProductModel>().AsNoTracking().FirstOrDefaultAsync(x => x.ModelCode == model.Trim(), ct);
        if (newModel is null)
            return Problems.Invalid("model", $"No product model has the code '{model}'.");
        var sold = today;
        if (!string.IsNullOrWhiteSpace(saleDate)
            && !DateOnly.TryParseExact(saleDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out sold))
            return Problems.Invalid("saleDate", $"'{saleDate}' is not a date: use yyyy-mm-dd.");
        if (sold > today)
            return Problems.Invalid("saleDate", "The sale date cannot be in the future.");
        var facts = new WarrantyFacts { SaleDate = sold, ModelWarrantyMonths = newModel.WarrantyMonths };
        return TypedResults.Ok(Answer(serial, false, today, WarrantyEvaluator.Evaluate(facts, today), null, newModel));
    }

    private static IntakeWarranty Answer(string serial, bool registered, DateOnly at, WarrantyDecision d, Guid? customerId, ProductModel model) =>
        new(serial, registered, at, d.Remedy.ToString(), d.ReasonCode.ToString(), d.Reason, d.WarrantyStart, d.WarrantyEnd, d.DaysSinceStart,
            customerId, model.ModelCode, model.ProductLine);

    public static bool IsOpen(ServiceRequestStatus status) =>
        status is not (ServiceRequestStatus.Resolved or ServiceRequestStatus.ServiceCompleted or ServiceRequestStatus.Closed
            or ServiceRequestStatus.Cancelled);

    /// <summary>The digits of a phone number as typed ("+86 138-0013 8000" → 13800138000), or null when it is not one.</summary>
    internal static string? PhoneDigits(string raw)
    {
        var text = raw.Trim();
        if (text.Any(ch => !(char.IsAsciiDigit(ch) || ch is ' ' or '-' or '+' or '(' or ')')))
            return null;
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (text.StartsWith('+') && digits.StartsWith("86", StringComparison.Ordinal) && digits.Length > 11)
            digits = digits[2..];
        return digits.Length >= 3 ? digits : null;
    }
}
