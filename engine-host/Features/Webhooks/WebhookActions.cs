using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Runtime;
using Scriban.Runtime;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>A verified webhook, as an action sees it. Changes go into <see cref="Db"/>; the receiver commits them with the receipt.</summary>
public sealed record WebhookRequest(string Endpoint, string WebhookId, JsonObject Body, WebhookAction Action, DbContext Db,
    IServiceProvider Services);

public abstract record WebhookActionResult
{
    /// <summary>Done (not yet committed): <paramref name="Answer"/> is what the integrator gets, <paramref name="StatusUrl"/> where to look next.</summary>
    public sealed record Accepted(JsonObject Answer, string? StatusUrl) : WebhookActionResult;

    /// <summary>Refused: a 4xx problem; nothing is created and no receipt is kept, so a corrected retry may succeed.</summary>
    public sealed record Rejected(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null) : WebhookActionResult;
}

/// <summary>What an endpoint does with a verified payload. Register more with <c>services.AddSingleton&lt;IWebhookAction, …&gt;()</c>.</summary>
public interface IWebhookAction
{
    string Kind { get; }

    /// <summary>Errors in the endpoint's action settings (checked when an admin saves an endpoint), by field.</summary>
    Dictionary<string, string[]> Check(WebhookAction action, ExpressionEngine expressions) => [];

    Task<WebhookActionResult> ExecuteAsync(WebhookRequest request, CancellationToken cancellationToken);
}

internal static class Mapping
{
    /// <summary>An action's expression over <c>body</c>; the body's own field when the action sets none.</summary>
    public static JsonNode? Value(ExpressionEngine expressions, string? expression, JsonObject body, string field) =>
        string.IsNullOrWhiteSpace(expression)
            ? body[field]?.DeepClone()
            : expressions.Evaluate(expression, new ScriptObject { ["body"] = ExpressionEngine.ToScriptObject(body) });

    public static Dictionary<string, string[]> CheckExpressions(ExpressionEngine expressions, params (string Field, string? Text)[] fields)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, text) in fields)
        {
            if (!string.IsNullOrWhiteSpace(text) && expressions.Check(text, isTemplate: false) is { Count: > 0 } e)
                errors[$"action.{field}"] = [.. e];
        }
        return errors;
    }

    public static WebhookActionResult Invalid(string field, string message) =>
        new WebhookActionResult.Rejected(422, "The payload cannot be mapped", message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary><c>{event, correlationKey, payload}</c> → resumes the flows waiting for that event and key (or keeps it for one that comes).</summary>
internal sealed class RaiseEventAction(ExpressionEngine expressions) : IWebhookAction
{
    public string Kind => "RaiseEvent";

    public Dictionary<string, string[]> Check(WebhookAction action, ExpressionEngine _) =>
        Mapping.CheckExpressions(expressions, ("correlationKey", action.CorrelationKey), ("payload", action.Payload));

    public async Task<WebhookActionResult> ExecuteAsync(WebhookRequest request, CancellationToken ct)
    {
        var name = request.Action.Event ?? (request.Body["event"] as JsonValue)?.ToString();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            return Mapping.Invalid("event", "Name the event (a string of at most 200 characters).");
        string? key;
        JsonNode? payload;
        try
        {
            key = Mapping.Value(expressions, request.Action.CorrelationKey, request.Body, "correlationKey") switch
            {
                JsonValue v => v.ToString(),
                _ => null,
            };
            payload = string.IsNullOrWhiteSpace(request.Action.Payload) && request.Body["payload"] is null
                ? request.Body.DeepClone()
                : Mapping.Value(expressions, request.Action.Payload, request.Body, "payload");
        }
        catch (Exception e) when (e is ExpressionException or Scriban.Syntax.ScriptRuntimeException)
        {
            return Mapping.Invalid("correlationKey", $"The endpoint's mapping failed on this payload: {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            return Mapping.Invalid("correlationKey", "A correlation key (e.g. the RMA number) is required, at most 200 characters.");
        var raised = await request.Services.GetRequiredService<WorkflowClient>().RaiseEventAsync(name, key, payload, ct);
        return new WebhookActionResult.Accepted(new JsonObject
        {
            ["event"] = name,
            ["correlationKey"] = key,
            ["resumedInstances"] = new JsonArray(raised.ResumedInstances.Select(i => (JsonNode?)i.ToString()).ToArray()),
            ["pendingId"] = raised.PendingStimulusId?.ToString(),
            ["instances"] = new JsonArray(raised.ResumedInstances.Select(i => (JsonNode?)$"/api/instances/{i}").ToArray()),
        }, null);
    }
}

/// <summary>Starts the endpoint's flow with the body (or a mapping of it) as input.</summary>
internal sealed class StartFlowAction(ExpressionEngine expressions) : IWebhookAction
{
    public string Kind => "StartFlow";

    public Dictionary<string, string[]> Check(WebhookAction action, ExpressionEngine _)
    {
        var errors = Mapping.CheckExpressions(expressions, ("input", action.Input), ("correlationId", action.CorrelationId));
        if (string.IsNullOrWhiteSpace(action.DefinitionId))
            errors["action.definitionId"] = ["Name the flow this endpoint starts."];
        return errors;
    }

    public async Task<WebhookActionResult> ExecuteAsync(WebhookRequest request, CancellationToken ct)
    {
        JsonNode? input;
        string? correlationId;
        try
        {
            input = string.IsNullOrWhiteSpace(request.Action.Input) ? request.Body.DeepClone() : Mapping.Value(expressions, request.Action.Input, request.Body, "input");
            correlationId = string.IsNullOrWhiteSpace(request.Action.CorrelationId)
                ? null
                : (Mapping.Value(expressions, request.Action.CorrelationId, request.Body, "correlationId") as JsonValue)?.ToString();
        }
        catch (Exception e) when (e is ExpressionException or Scriban.Syntax.ScriptRuntimeException)
        {
            return Mapping.Invalid("input", $"The endpoint's mapping failed on this payload: {e.Message}");
        }
        if (input is not JsonObject inputObject)
            return Mapping.Invalid("input", "The flow's input must be a JSON object.");
        var started = await request.Services.GetRequiredService<WorkflowClient>()
            .StartAsync(request.Action.DefinitionId!, inputObject, correlationId, ct);
        if (started is null)
            return new WebhookActionResult.Rejected(422, "The flow cannot be started",
                $"'{request.Action.DefinitionId}' has no published version; nothing was created.");
        var url = $"/api/instances/{started.InstanceId}";
        return new WebhookActionResult.Accepted(new JsonObject
        {
            ["instanceId"] = started.InstanceId.ToString(),
            ["definitionId"] = started.DefinitionId,
            ["definitionVersion"] = started.DefinitionVersion,
        }, url);
    }
}
