using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Products;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Contracts;

public sealed record PmPlanInput(Guid? ContractId, Guid? InstalledProductId, int? IntervalMonths, DateOnly? NextDueDate,
    DateOnly? LastCompletedDate, bool? Active, string? Checklist);

internal static class PmPlanEndpoints
{
    public static readonly RecordApi<PmPlan, PmPlanInput> Api = new()
    {
        Route = "pm-plans",
        Tag = "Contracts",
        Noun = "PM plan",
        FindBy = GuidKeys.FindBy<PmPlan>(),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Id<PmPlan>("contractId", x => x.ContractId),
            Lists.Bool<PmPlan>("active", x => x.Active),
            new("dueBefore", "Plans due before this date (yyyy-mm-dd).", (q, raw, e) =>
            {
                if (DateOnly.TryParse(raw, out var d))
                    return q.Where(x => x.NextDueDate < d);
                e.Add("dueBefore", $"'{raw}' is not a date.");
                return q;
            }),
        ],
        Sorts = [Lists.Sort<PmPlan, DateOnly>("nextDueDate", x => x.NextDueDate)],
    };

    private static async Task<PmPlan?> ApplyAsync(RecordContext c, PmPlanInput i, PmPlan? plan)
    {
        var e = c.Errors;
        var contract = await c.Required<ServiceContract>("contractId", i.ContractId);
        var product = await c.Reference<InstalledProduct>("installedProductId", i.InstalledProductId);
        if (contract is not null && product is not null && product.CustomerId != contract.CustomerId)
            e.Add("installedProductId", "The product belongs to another customer than the contract.");
        var interval = e.Range("intervalMonths", i.IntervalMonths, 1, 60);
        var checklist = e.Optional("checklist", i.Checklist, 4000);
        if (e.Any)
            return null;
        plan ??= new PmPlan();
        (plan.ContractId, plan.InstalledProductId, plan.IntervalMonths) = (contract!.Id, i.InstalledProductId, interval);
        plan.LastCompletedDate = i.LastCompletedDate;
        plan.NextDueDate = i.NextDueDate ?? (i.LastCompletedDate ?? contract.StartDate).AddMonths(interval);
        (plan.Active, plan.Checklist) = (i.Active ?? true, checklist);
        return plan;
    }
}
