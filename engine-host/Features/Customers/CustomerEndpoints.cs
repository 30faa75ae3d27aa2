using Orchestrator.Domain.Customers;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Customers;

public sealed record CustomerInput(string? Code, string? Name, string? Kind, string? Phone, string? Email, string? Region,
    string? Province, string? City, Guid? GroupId, string? Tier, bool? Blacklisted, string? BlacklistReason, int? LoyaltyPoints,
    List<CustomerContact>? Contacts, List<CustomerAddress>? Addresses, string? Notes);

internal static class CustomerEndpoints
{
    public static readonly RecordApi<Customer, CustomerInput> Api = new()
    {
        Route = "customers",
        Tag = "Customers",
        Noun = "customer",
        FindBy = GuidKeys.FindBy<Customer>(code => c => c.Code == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Text<Customer>("code", c => c.Code),
            Lists.Text<Customer>("phone", c => c.Phone),
            Lists.Text<Customer>("region", c => c.Region),
            Lists.Id<Customer>("groupId", c => c.GroupId),
            Lists.Enum<Customer, CustomerTier>("tier", c => c.Tier),
            Lists.Bool<Customer>("blacklisted", c => c.Blacklisted),
            new("name", "Names starting with this text.", (q, raw, _) => q.Where(c => c.Name.StartsWith(raw))),
            .. Lists.TimeRange<Customer>("created", c => c.CreatedAt),
        ],
        Sorts = [Lists.Sort<Customer, string>("code", c => c.Code), Lists.Sort<Customer, string>("name", c => c.Name),
            Lists.Sort<Customer, DateTimeOffset>("createdAt", c => c.CreatedAt), Lists.Sort<Customer, int>("loyaltyPoints", c => c.LoyaltyPoints)],
        Unique = [new("code", c => x => x.Code == c.Code && x.Id != c.Id, c => $"Customer code {c.Code} is taken.")],
    };

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api).MapLoyaltyPoints();
        app.MapRecords(CustomerGroupEndpoints.Api);
        return app;
    }

    private static async Task<Customer?> ApplyAsync(RecordContext c, CustomerInput i, Customer? customer)
    {
        var e = c.Errors;
        var code = e.Required("code", i.Code, 32);
        var name = e.Required("name", i.Name);
        var blacklisted = i.Blacklisted ?? false;
        var reason = e.Optional("blacklistReason", i.BlacklistReason, 500);
        if (blacklisted && reason is null)
            e.Add("blacklistReason", "A blacklisted customer needs the reason.");
        var contacts = i.Contacts ?? [];
        for (var n = 0; n < contacts.Count; n++)
        {
            e.Required($"contacts[{n}].name", contacts[n]?.Name);
            e.Phone($"contacts[{n}].phone", contacts[n]?.Phone);
            e.Email($"contacts[{n}].email", contacts[n]?.Email);
        }
        var addresses = i.Addresses ?? [];
        for (var n = 0; n < addresses.Count; n++)
        {
            e.Required($"addresses[{n}].label", addresses[n]?.Label, 100);
            e.Required($"addresses[{n}].line", addresses[n]?.Line, 500);
        }
        await c.Reference<CustomerGroup>("groupId", i.GroupId);
        var kind = e.Enum("kind", i.Kind, CustomerKind.Person);
        var tier = e.Enum("tier", i.Tier, CustomerTier.Standard);
        var points = e.Range("loyaltyPoints", i.LoyaltyPoints, 0, 100_000_000, 0);
        var email = e.Email("email", i.Email);
        if (e.Any)
            return null;

        customer ??= new Customer { Code = code, Name = name };
        (customer.Code, customer.Name, customer.Kind, customer.Tier) = (code, name, kind, tier);
        customer.Phone = e.Phone("phone", i.Phone);
        customer.Email = email;
        customer.Region = e.Optional("region", i.Region, 100);
        customer.Province = e.Optional("province", i.Province, 100);
        customer.City = e.Optional("city", i.City, 100);
        customer.GroupId = i.GroupId;
        (customer.Blacklisted, customer.BlacklistReason) = (blacklisted, blacklisted ? reason : null);
        customer.LoyaltyPoints = points;
        customer.Contacts = contacts;
        customer.Addresses = addresses;
        customer.Notes = e.Optional("notes", i.Notes, 2000);
        return e.Any ? null : customer;
    }
}
