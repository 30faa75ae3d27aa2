using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Warranty;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// Decides the warranty remedy for the request's product today (DOMAIN.md: return within 7 days, exchange to day 30,
/// free repair to the warranty end, paid after, not covered on an exclusion) and records it on the request; a repair
/// becomes in- or out-of-warranty by it.
/// </summary>
public sealed class CheckWarranty : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "CheckWarranty",
        Category = AfterSales.Category,
        DisplayName = "Check warranty",
        Description = "Decides the warranty remedy for the request's product today and records it; a repair becomes in- or out-of-warranty.",
        Outcomes = ["Return", "Exchange", "InWarranty", "OutOfWarranty", "NotCovered"],
        Outputs =
        [
            new("remedy", "string", "Return, Exchange, FreeRepair, PaidRepair or NotCovered."),
            new("reasonCode", "string"), new("reason", "string", "One sentence, fit to show an agent."),
            new("warrantyEnd", "date"), new("daysSinceStart", "number"),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var decision = await RequestWork.WarrantyAsync(context.Db, request, DateOnly.FromDateTime(context.Now.UtcDateTime), context.Cancellation);
        if (decision is null)
        {
            request.WarrantyRemedy = Remedy.NotCovered;
            request.WarrantyReason = "No registered product: no proof of purchase.";
            return AfterSales.Done("NotCovered", new JsonObject
            {
                ["remedy"] = nameof(Remedy.NotCovered),
                ["reasonCode"] = nameof(WarrantyReasonCode.NoValidProof),
                ["reason"] = request.WarrantyReason,
            });
        }
        RequestWork.RecordWarranty(request, decision);
        var outcome = decision.Remedy switch
        {
            Remedy.Return => "Return",
            Remedy.Exchange => "Exchange",
            Remedy.FreeRepair => "InWarranty",
            Remedy.PaidRepair => "OutOfWarranty",
            _ => "NotCovered",
        };
        return AfterSales.Done(outcome, new JsonObject
        {
            ["remedy"] = decision.Remedy.ToString(),
            ["reasonCode"] = decision.ReasonCode.ToString(),
            ["reason"] = decision.Reason,
            ["warrantyEnd"] = decision.WarrantyEnd.ToString("yyyy-MM-dd"),
            ["daysSinceStart"] = decision.DaysSinceStart,
        });
    }
}
