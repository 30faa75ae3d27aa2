using System.Text.Json.Nodes;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// Authorises the return of the request's product (退返): an RMA with its number (<c>RMA-yyyy-nnnnnn</c>), reason and
/// intended disposition; the request waits for the customer to send the goods (shipping time does not count against
/// the 3–5 day turnaround, so the SLA clock stops). A test run's RMA is a sandbox one numbered <c>TEST-…</c>: in no list,
/// and the real RMA numbering keeps no gap.
/// </summary>
public sealed class RmaAuthorize : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "RmaAuthorize",
        Category = AfterSales.Category,
        DisplayName = "Authorise RMA",
        Description = "Creates the return authorisation (RMA number) for the request's product; the request waits for the goods.",
        Outcomes = ["Authorised"],
        Inputs =
        [
            new("reason", "Reason", "string", "multiline", Description: "A template; default: the request's symptom."),
            new("disposition", "Intended disposition", "choice", "dropdown", ExpressionAllowed: true, Choices: Enum.GetNames<RmaDisposition>(),
                Description: "Refund (a return), Replace (an exchange), Repair (a depot repair)."),
        ],
        Outputs = [new("rmaId", "string"), new("rmaNumber", "string", "What the customer writes on the parcel; RmaReceive waits for it.")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var text = context.InputString("disposition");
        RmaDisposition? disposition = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!Enum.TryParse<RmaDisposition>(text, true, out var d) || !Enum.IsDefined(d))
                return ActivityResult.Fault($"'{text}' is no RMA disposition; one of: {string.Join(", ", Enum.GetNames<RmaDisposition>())}.");
            disposition = d;
        }
        var reason = context.InputString("reason") is { Length: > 0 } r ? r : request.Symptom;
        var rma = new Rma
        {
            Id = context.ExecutionGuid,
            Number = request.Sandbox
                ? SandboxNumbers.Next()
                : await NumberSequences.NextYearlyInTransactionAsync(context.Db, "RMA", context.Now.UtcDateTime.Year, context.Cancellation),
            CustomerId = request.CustomerId,
            ServiceRequestId = request.Id,
            InstalledProductId = request.InstalledProductId,
            Status = RmaStatus.Authorised,
            Reason = reason.Length <= 2000 ? reason : reason[..2000],
            Disposition = disposition,
            Sandbox = request.Sandbox,
        };
        context.Db.Add(rma);
        RequestWork.SetStatus(request, ServiceRequestStatus.WaitingForCustomer, context.Now);
        context.Log($"{rma.Number} authorised for {request.Number}");
        return AfterSales.Done("Authorised", new JsonObject { ["rmaId"] = rma.Id.ToString(), ["rmaNumber"] = rma.Number });
    }
}
