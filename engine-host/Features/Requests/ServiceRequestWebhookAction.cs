using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Webhooks;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// The <c>ServiceRequest</c> webhook action (the shipped <c>service-requests</c> endpoint): the body is the
/// <c>POST /api/requests</c> body, opened by the same code in the receiver's transaction; the answer carries the request
/// id, number, status and its status URL.
/// </summary>
internal sealed class ServiceRequestWebhookAction : IWebhookAction
{
    public string Kind => "ServiceRequest";

    public async Task<WebhookActionResult> ExecuteAsync(WebhookRequest request, CancellationToken ct)
    {
        NewServiceRequest? body;
        try
        {
            body = request.Body.Deserialize<NewServiceRequest>(JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return new WebhookActionResult.Rejected(400, "The payload has invalid fields", e.Message,
                new Dictionary<string, string[]> { [field] = [$"{field} has the wrong type."] });
        }
        var intake = request.Services.GetRequiredService<RequestIntake>();
        return await intake.OpenAsync(body!, RequestChannel.Webhook, ct, commit: false) switch
        {
            IntakeResult.Accepted a => new WebhookActionResult.Accepted(new JsonObject
            {
                ["requestId"] = a.Answer.RequestId.ToString(),
                ["number"] = a.Answer.Number,
                ["status"] = a.Answer.Status,
                ["instanceId"] = a.Answer.InstanceId?.ToString(),
                ["definitionId"] = a.Answer.DefinitionId,
                ["definitionVersion"] = a.Answer.DefinitionVersion,
            }, a.Answer.StatusUrl),
            IntakeResult.Invalid i => new WebhookActionResult.Rejected(400, "The payload has invalid fields",
                "The service request has invalid fields; nothing was created.", i.Errors),
            IntakeResult.Unprocessable u => new WebhookActionResult.Rejected(422, "The request cannot be opened", u.Message,
                new Dictionary<string, string[]> { [u.Field] = [u.Message] }),
            IntakeResult.Conflict c => new WebhookActionResult.Rejected(409, "Conflict", c.Message),
            _ => throw new InvalidOperationException(),
        };
    }
}
