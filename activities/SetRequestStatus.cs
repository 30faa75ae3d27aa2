using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>Moves the request to a status, so users see where it stands whatever the flow (pending → dispatched → service completed).</summary>
public sealed class SetRequestStatus : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "SetRequestStatus",
        Category = AfterSales.Category,
        DisplayName = "Set request status",
        Description = "Moves the service request to a status (what the customer and the agents see).",
        Inputs =
        [
            new("status", "Status", "choice", "dropdown", Required: true, ExpressionAllowed: false,
                Choices: Enum.GetNames<ServiceRequestStatus>()),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.InputString("status");
        if (!Enum.TryParse<ServiceRequestStatus>(text, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            return ActivityResult.Fault($"'{text}' is no request status; one of: {string.Join(", ", Enum.GetNames<ServiceRequestStatus>())}.");
        var request = await AfterSales.RequestAsync(context);
        var before = request.Status;
        RequestWork.SetStatus(request, status, context.Now);
        return AfterSales.Done("Done", new JsonObject { ["from"] = before.ToString(), ["to"] = status.ToString() });
    }
}
