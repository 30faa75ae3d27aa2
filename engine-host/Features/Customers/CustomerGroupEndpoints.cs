using Orchestrator.Domain.Customers;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Customers;

public sealed record CustomerGroupInput(string? Code, string? Name, string? Kind, string? Owner);

internal static class CustomerGroupEndpoints
{
    public static readonly RecordApi<CustomerGroup, CustomerGroupInput> Api = new()
    {
        Route = "customer-groups",
        Tag = "Customers",
        Noun = "customer group",
        FindBy = GuidKeys.FindBy<CustomerGroup>(code => g => g.Code == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = (c, i, group) =>
        {
            var e = c.Errors;
            var code = e.Required("code", i.Code, 32);
            var name = e.Required("name", i.Name);
            var kind = e.Enum<CustomerGroupKind>("kind", i.Kind);
            var owner = e.Optional("owner", i.Owner);
            if (e.Any)
                return Task.FromResult<CustomerGroup?>(null);
            group ??= new CustomerGroup { Code = code, Name = name };
            (group.Code, group.Name, group.Kind, group.Owner) = (code, name, kind, owner);
            return Task.FromResult<CustomerGroup?>(group);
        },
        Sorts = [Lists.Sort<CustomerGroup, string>("code", g => g.Code), Lists.Sort<CustomerGroup, string>("name", g => g.Name)],
        Filters = [Lists.Enum<CustomerGroup, CustomerGroupKind>("kind", g => g.Kind)],
        Unique = [new("code", g => x => x.Code == g.Code && x.Id != g.Id, g => $"Customer group code {g.Code} is taken.")],
    };
}
