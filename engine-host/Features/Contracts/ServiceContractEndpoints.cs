using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Customers;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Contracts;

/// <param name="Coverage">Parts, Labour, Travel, PreventiveMaintenance, ExtendedWarranty.</param>
public sealed record ServiceContractInput(string? Code, Guid? CustomerId, string? Level, List<string>? Coverage, DateOnly? StartDate,
    DateOnly? EndDate, string? Notes);

internal static class ServiceContractEndpoints
{
    public static readonly RecordApi<ServiceContract, ServiceContractInput> Api = new()
    {
        Route = "service-contracts",
        Tag = "Contracts",
        Noun = "service contract",
        FindBy = GuidKeys.FindBy<ServiceContract>(code => x => x.Code == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters = [Lists.Id<ServiceContract>("customerId", x => x.CustomerId), Lists.Text<ServiceContract>("code", x => x.Code)],
        Sorts = [Lists.Sort<ServiceContract, string>("code", x => x.Code), Lists.Sort<ServiceContract, DateOnly>("endDate", x => x.EndDate)],
        Unique = [new("code", c => x => x.Code == c.Code && x.Id != c.Id, c => $"Contract code {c.Code} is taken.")],
    };

    public static IEndpointRouteBuilder MapContracts(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api);
        app.MapRecords(PmPlanEndpoints.Api);
        return app;
    }

    private static async Task<ServiceContract?> ApplyAsync(RecordContext c, ServiceContractInput i, ServiceContract? contract)
    {
        var e = c.Errors;
        var code = e.Required("code", i.Code, 32);
        await c.Required<Customer>("customerId", i.CustomerId);
        var level = e.Enum("level", i.Level, ContractLevel.Standard);
        var coverage = ContractCoverage.None;
        foreach (var name in i.Coverage ?? [])
            coverage |= e.Enum<ContractCoverage>("coverage", name);
        var start = e.Required("startDate", i.StartDate);
        var end = e.Required("endDate", i.EndDate);
        if (i.StartDate is not null && i.EndDate < i.StartDate)
            e.Add("endDate", "The contract cannot end before it starts.");
        var notes = e.Optional("notes", i.Notes, 2000);
        if (e.Any)
            return null;
        contract ??= new ServiceContract { Code = code };
        (contract.Code, contract.CustomerId, contract.Level, contract.Coverage) = (code, i.CustomerId!.Value, level, coverage);
        (contract.StartDate, contract.EndDate, contract.Notes) = (start, end, notes);
        return contract;
    }
}
