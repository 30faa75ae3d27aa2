using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>Clients as somebody: the admin (default), a role's API key, a signed-in user's browser session, nobody.</summary>
public sealed partial class OrchestratorFactory
{
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _roleKeys = new();

    /// <summary>Every client this factory makes (<c>CreateClient</c>, <c>CreateDefaultClient</c>) acts as the admin.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminApiKey);
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client with an API key holding exactly these roles (one key per set of roles, made once per host).</summary>
    public async Task<HttpClient> CreateClientAsync(params string[] roles)
    {
        var name = string.Join('+', roles.Order());
        var key = await _roleKeys.GetOrAdd(name, _ => new Lazy<Task<string>>(() => CreateApiKeyAsync($"test-{name}-{Guid.NewGuid():N}"[..40], roles))).Value;
        return CreateClientWithKey(key);
    }

    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates an API key through the admin API; returns the key (shown only in that answer).</summary>
    public async Task<string> CreateApiKeyAsync(string name, params string[] roles)
    {
        using var admin = CreateClient();
        var created = await WorkflowApi.Ensure(await admin.PostAsJsonAsync("/api/api-keys", new { name, roles }));
        return created["key"]!.GetValue<string>();
    }

    /// <summary>
    /// A browser-like client signed in with a password: it keeps the session cookie and sends the antiforgery header the
    /// login answer gave, as the web UI does.
    /// </summary>
    public async Task<HttpClient> LoginAsync(string username, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Authorization = null;
        var me = await WorkflowApi.Ensure(await client.PostAsJsonAsync("/api/auth/login", new { username, password }));
        client.DefaultRequestHeaders.Add(AntiforgeryHeader, me["antiforgeryToken"]!.GetValue<string>());
        return client;
    }

    /// <summary>Creates a user (password "password-of-{username}") with roles and teams, and returns their signed-in client.</summary>
    public async Task<HttpClient> CreateUserClientAsync(string username, string[] roles, string[]? teams = null, string? technicianCode = null)
    {
        var password = $"password-of-{username}";
        using (var admin = CreateClient())
        {
            await WorkflowApi.Ensure(await admin.PostAsJsonAsync("/api/users", new JsonObject
            {
                ["username"] = username,
                ["displayName"] = username,
                ["password"] = password,
                ["roles"] = new JsonArray(roles.Select(r => (JsonNode?)r).ToArray()),
                ["teams"] = new JsonArray((teams ?? []).Select(t => (JsonNode?)t).ToArray()),
                ["technicianCode"] = technicianCode,
            }));
        }
        return await LoginAsync(username, password);
    }
}
