using Orchestrator.Domain.Contracts;
using Orchestrator.Domain.Products;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Contracts;

/// <param name="Schedule">A five-field cron expression (minute hour day-of-month month day-of-week, UTC) naming the days visits
/// fall due, e.g. <c>0 8 1 */3 *</c> (quarterly); or give <paramref name="IntervalMonths"/> (due so many months after the last visit).</param>
/// <param name="LeadDays">How many days ahead of a due date the PM job opens its request (0–365; default the host's Scheduling:PmLeadDays, 7).</param>
/// <param name="NextDueDate">Default: a scheduled plan's first day on or after the last visit (or today, or the contract's start);
/// an interval plan's interval after the last visit (or the contract's start).</param>
public sealed record PmPlanInput(Guid? ContractId, Guid? InstalledProductId, int? IntervalMonths, DateOnly? NextDueDate,
    DateOnly? LastCompletedDate, bool? Active, string? Checklist, string? Schedule = null, int? LeadDays = null);

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
        var schedule = e.Optional("schedule", i.Schedule, 100);
        if (schedule is not null && PmPlan.ParseSchedule(schedule, out var why) is null)
            e.Add("schedule", why!);
        int? interval = schedule is null || i.IntervalMonths is not null ? e.Range("intervalMonths", i.IntervalMonths, 1, 60) : null;
        if (schedule is null && i.IntervalMonths is null)
            e.Add("schedule", "Give the plan a schedule (a cron expression) or an intervalMonths.");
        int? lead = i.LeadDays is null ? null : e.Range("leadDays", i.LeadDays, 0, 365);
        var checklist = e.Optional("checklist", i.Checklist, 4000);
        if (e.Any)
            return null;
        plan ??= new PmPlan();
        (plan.ContractId, plan.InstalledProductId, plan.IntervalMonths) = (contract!.Id, i.InstalledProductId, interval);
        var rescheduled = plan.Schedule != schedule?.Trim();
        (plan.Schedule, plan.LeadDays) = (schedule?.Trim(), lead);
        if (rescheduled)
            plan.ScheduleShiftDays = 0;
        plan.LastCompletedDate = i.LastCompletedDate;
        var today = DateOnly.FromDateTime(c.Time.GetUtcNow().UtcDateTime);
        plan.NextDueDate = i.NextDueDate
                           ?? (plan.Schedule is null
                               ? (i.LastCompletedDate ?? contract.StartDate).AddMonths(interval!.Value)
                               : plan.FirstScheduledOnOrAfter(i.LastCompletedDate?.AddDays(1) ?? Later(today, contract.StartDate)) ?? today);
        (plan.Active, plan.Checklist) = (i.Active ?? true, checklist);
        return plan;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
