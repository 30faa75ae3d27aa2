using System.Text.Json.Nodes;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section: inbound endpoints (<c>Webhooks:Endpoints:{name}</c>) and limits.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The shipped endpoint that takes the canonical service-request payload.</summary>
    public const string ServiceRequestsEndpoint = "service-requests";

    public const int MaxBodyBytes = 256 * 1024;

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public Dictionary<string, ConfiguredEndpoint> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Requests per minute per endpoint, unless the endpoint sets its own.</summary>
    public int PermitsPerMinute { get; set; } = 120;
}

public sealed class ConfiguredEndpoint
{
    /// <summary>Standard Webhooks secrets (<c>whsec_</c> + base64); two while rotating. None: the endpoint refuses everything.</summary>
    public List<string> Secrets { get; set; } = [];
    public WebhookAction? Action { get; set; }
    public int? PermitsPerMinute { get; set; }
}

/// <summary>
/// What a verified payload does. <c>RaiseEvent</c>: <c>{event, correlationKey, payload}</c> resumes the flows
/// waiting for it (<see cref="Event"/>, <see cref="CorrelationKey"/> and <see cref="Payload"/> override the body's
/// fields; the last two are expressions over <c>body</c>, e.g. <c>body.rmaNumber</c>). <c>StartFlow</c>: starts
/// <see cref="DefinitionId"/> with <see cref="Input"/> (default: the body). Other kinds are plugged in by
/// registering an <see cref="IWebhookAction"/> (the domain's <c>ServiceRequest</c>).
/// </summary>
public sealed class WebhookAction
{
    public string Kind { get; set; } = "RaiseEvent";
    public string? Event { get; set; }
    public string? CorrelationKey { get; set; }
    public string? Payload { get; set; }
    public string? DefinitionId { get; set; }
    public string? Input { get; set; }
    public string? CorrelationId { get; set; }

    public JsonObject ToJson() => new()
    {
        ["kind"] = Kind,
        ["event"] = Event,
        ["correlationKey"] = CorrelationKey,
        ["payload"] = Payload,
        ["definitionId"] = DefinitionId,
        ["input"] = Input,
        ["correlationId"] = CorrelationId,
    };
}
