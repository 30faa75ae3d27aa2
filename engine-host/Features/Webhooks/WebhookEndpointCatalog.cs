using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>An inbound endpoint, wherever it is defined.</summary>
public sealed record ResolvedEndpoint(string Name, string Source, IReadOnlyList<string> Secrets, WebhookAction Action, int PermitsPerMinute,
    string? Description);

/// <summary>Endpoints from configuration (<c>Webhooks:Endpoints</c>) first, then those an admin stored; and their rate limits.</summary>
public sealed class WebhookEndpointCatalog(IOptionsMonitor<WebhookOptions> options, SecretProtection protection)
{
    public const string FromConfiguration = "configuration";
    public const string FromDatabase = "database";

    private readonly ConcurrentDictionary<(string Name, int Permits), RateLimiter> _limiters = new();

    public IEnumerable<ResolvedEndpoint> Configured()
    {
        var o = options.CurrentValue;
        foreach (var (name, e) in o.Endpoints)
            yield return new ResolvedEndpoint(name, FromConfiguration, e.Secrets.Where(s => !string.IsNullOrWhiteSpace(s)).ToList(),
                e.Action ?? DefaultAction(name), e.PermitsPerMinute ?? o.PermitsPerMinute, null);
    }

    public bool IsConfigured(string name) => options.CurrentValue.Endpoints.ContainsKey(name);

    public async Task<ResolvedEndpoint?> FindAsync(DbContext db, string name, CancellationToken ct)
    {
        if (Configured().FirstOrDefault(e => e.Name == name) is { } configured)
            return configured;
        var stored = await db.Set<WebhookEndpointRecord>().AsNoTracking().FirstOrDefaultAsync(e => e.Name == name, ct);
        return stored is null ? null : FromRecord(stored);
    }

    public ResolvedEndpoint FromRecord(WebhookEndpointRecord r) => new(r.Name, FromDatabase, Secrets(r),
        JsonSerializer.Deserialize<WebhookAction>(r.Action, Json) ?? new WebhookAction(), r.PermitsPerMinute ?? options.CurrentValue.PermitsPerMinute,
        r.Description);

    public IReadOnlyList<string> Secrets(WebhookEndpointRecord r) => string.IsNullOrEmpty(r.ProtectedSecrets)
        ? []
        : JsonSerializer.Deserialize<List<string>>(protection.Unprotect(r.ProtectedSecrets)) ?? [];

    public string ProtectSecrets(IReadOnlyList<string> secrets) => protection.Protect(JsonSerializer.Serialize(secrets));

    /// <summary>One permit of the endpoint's per-minute budget (token bucket); false when it is spent.</summary>
    public RateLimitLease Acquire(ResolvedEndpoint endpoint) =>
        _limiters.GetOrAdd((endpoint.Name, endpoint.PermitsPerMinute), key => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Permits,
            TokensPerPeriod = key.Permits,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        })).AttemptAcquire();

    /// <summary>The shipped <c>service-requests</c> endpoint takes the canonical payload; others raise events unless told otherwise.</summary>
    private static WebhookAction DefaultAction(string name) =>
        new() { Kind = name == WebhookOptions.ServiceRequestsEndpoint ? "ServiceRequest" : "RaiseEvent" };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
