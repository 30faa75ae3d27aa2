using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>Closes the request with its resolution (request.closed goes to the subscribers with the commit).</summary>
public sealed class CloseRequest : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "CloseRequest",
        Category = AfterSales.Category,
        DisplayName = "Close request",
        Description = "Closes the service request (or marks it resolved remotely, or cancelled) with how it was solved.",
        Inputs =
        [
            new("resolution", "Resolution", "string", "multiline", Description: "A template: what was done."),
            new("status", "Closes as", "choice", "dropdown", Default: "Closed", ExpressionAllowed: false,
                Choices: ["Closed", "Resolved", "Cancelled"]),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var text = context.InputString("status") ?? "Closed";
        if (!Enum.TryParse<ServiceRequestStatus>(text, ignoreCase: true, out var status)
            || status is not (ServiceRequestStatus.Closed or ServiceRequestStatus.Resolved or ServiceRequestStatus.Cancelled))
            return ActivityResult.Fault($"A request closes as Closed, Resolved or Cancelled, not '{text}'.");
        var request = await AfterSales.RequestAsync(context);
        RequestWork.Close(request, status, context.InputString("resolution"), context.Now);
        return AfterSales.Done("Done", new JsonObject { ["status"] = status.ToString(), ["resolution"] = request.Resolution });
    }
}
