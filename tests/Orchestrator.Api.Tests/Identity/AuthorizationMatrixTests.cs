using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Identity;

/// <summary>
/// Every mapped endpoint × every role (and nobody) against the table below: 401 for nobody, 403 for a role the endpoint
/// refuses, anything else (2xx, or a 400/404/405 on the dummy input) for a role it lets in. An endpoint the table does not
/// name fails the test: decide who may call it, here and in engine-host/Features/Identity/AccessRules.cs.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class AuthorizationMatrixTests(SqliteHost host)
{
    private const string Anyone = "anyone";
    private const string SignedIn = "signed-in";
    private const string All = "Admin Analyst Supervisor Agent Technician Integrator";
    private const string Staff = "Admin Supervisor Agent";

    /// <summary>First match wins. Methods: GET, WRITE (any other) or *; in routes * is one segment and ** the rest.</summary>
    private static readonly (string Methods, string Route, string Who)[] Expected =
    [
        ("*", "/health/**", Anyone),
        ("*", "/openapi/**", Anyone),
        ("*", "/api/docs/**", Anyone),
        ("POST", "/hooks/*", Anyone),
        ("POST", "/api/auth/login", Anyone),
        ("*", "/api/auth/**", SignedIn),
        ("*", "/api/users/**", "Admin"),
        ("*", "/api/api-keys/**", "Admin"),
        ("*", "/api/outbox/**", "Admin"),
        ("*", "/api/webhooks/**", "Admin"),
        ("*", "/api/email-templates/**", "Admin"),
        ("*", "/api/inbox-views/**", "Admin Supervisor Agent Technician"),
        ("GET", "/api/audit", "Admin Supervisor"),
        ("GET", "/api/sla-jobs/**", "Admin Supervisor"),
        ("WRITE", "/api/sla-jobs/*/cancel", "Admin"),
        ("*", "/api/imports/**", "Admin Supervisor"),
        ("GET", "/api/sla-reports/**", "Admin Supervisor"),
        ("GET", "/api/sla-policies/*/versions/*/apply", "Admin Supervisor"),
        ("GET", "/api/pm-runs/**", "Admin Supervisor"),
        ("WRITE", "/api/pm-runs", "Admin"),
        ("GET", "/api/reminders", All),
        ("GET", "/api/directory", "Admin Analyst Supervisor Agent Technician"),
        ("WRITE", "/api/*/*/audit", "Admin Supervisor"),
        ("WRITE", "/api/*/*/unaudit", "Admin Supervisor"),
        ("GET", "/api/intake/lookup", Staff),
        ("GET", "/api/intake/warranty", Staff),
        ("GET", "/api/my-day", "Admin Supervisor Agent Technician"),
        ("GET", "/api/field-tasks/*/attachments/**", All),
        ("WRITE", "/api/field-tasks/*/start-travel", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/field-tasks/*/arrive", "Admin Supervisor Agent Technician"),
        ("GET", "/api/**", All),
        ("WRITE", "/api/definitions/**", "Admin Analyst"),
        ("WRITE", "/api/expressions/check", "Admin Analyst"),
        ("WRITE", "/api/instances", "Admin Supervisor Agent Integrator"),
        ("WRITE", "/api/requests", "Admin Supervisor Agent Integrator"),
        ("WRITE", "/api/requests/*/withdraw", "Admin Supervisor Agent Integrator"),
        ("WRITE", "/api/requests/*/comments", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/requests/*/attachments", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/instances/**", "Admin Supervisor Analyst"),
        ("WRITE", "/api/events/*", "Admin Supervisor Agent Technician Integrator"),
        ("WRITE", "/api/tasks/*/reassign", "Admin Supervisor"),
        ("WRITE", "/api/tasks/**", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/sla-policies/evaluate", All),
        ("WRITE", "/api/sla-policies/**", "Admin"),
        ("WRITE", "/api/teams/assign", All),
        ("WRITE", "/api/knowledge/*/used", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/knowledge/proposals", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/installed-products/custom-fields", "Admin Supervisor"),
        ("WRITE", "/api/service-requests/*/sla/**", "Admin Supervisor"),
        ("WRITE", "/api/field-tasks/**", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/parts/movements", "Admin Supervisor Agent Technician"),
        ("WRITE", "/api/service-requests/**", Staff),
        ("WRITE", "/api/customers/**", Staff),
        ("WRITE", "/api/installed-products/**", Staff),
        ("WRITE", "/api/complaints/**", Staff),
        ("WRITE", "/api/callbacks/**", Staff),
        ("WRITE", "/api/rmas/**", Staff),
        ("WRITE", "/api/customer-groups/**", "Admin Supervisor"),
        ("WRITE", "/api/product-models/**", "Admin Supervisor"),
        ("WRITE", "/api/service-contracts/**", "Admin Supervisor"),
        ("WRITE", "/api/pm-plans/**", "Admin Supervisor"),
        ("WRITE", "/api/teams/**", "Admin Supervisor"),
        ("WRITE", "/api/technicians/**", "Admin Supervisor"),
        ("WRITE", "/api/parts/**", "Admin Supervisor"),
        ("WRITE", "/api/warehouses/**", "Admin Supervisor"),
        ("WRITE", "/api/knowledge/**", "Admin Supervisor"),
    ];

    private static readonly string[] Callers = ["", .. All.Split(' ')];

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_the_table_says()
    {
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.Parameters.Any(p => p.IsCatchAll)) // the 404 answers to unknown paths and the web UI
            .ToList();
        Assert.True(endpoints.Count > 100, $"only {endpoints.Count} endpoints found");

        var clients = new Dictionary<string, HttpClient> { [""] = host.Factory.CreateAnonymousClient() };
        foreach (var role in Callers.Skip(1))
            clients[role] = await host.Factory.CreateClientAsync(role);

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            var route = endpoint.RoutePattern.RawText!;
            var who = Expected.FirstOrDefault(x => MethodMatches(x.Methods, method) && RouteMatches(x.Route, route)).Who;
            if (who is null)
            {
                failures.Add($"{method} {route}: not in the table; decide who may call it (here and in AccessRules)");
                continue;
            }
            var url = Url(endpoint.RoutePattern);
            // a body of the type the endpoint accepts, so routing picks it (and not the 404 for unknown paths)
            var contentType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            var answers = await Task.WhenAll(Callers.Select(async caller =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is not ("GET" or "HEAD" or "DELETE"))
                    request.Content = new StringContent("{}", Encoding.UTF8, contentType);
                using var response = await clients[caller].SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                return (caller, response.StatusCode);
            }));
            foreach (var (caller, status) in answers)
            {
                var expected = who switch
                {
                    Anyone => (HttpStatusCode?)null,
                    _ when caller == "" => HttpStatusCode.Unauthorized,
                    SignedIn => null,
                    _ => who.Split(' ').Contains(caller) ? null : HttpStatusCode.Forbidden,
                };
                var ok = expected is { } e ? status == e : status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
                if (!ok)
                    failures.Add($"{method} {route} as {(caller == "" ? "nobody" : caller)}: {(int)status}, expected {(expected is { } x ? (int)x : "allowed")}");
            }
        }
        foreach (var client in clients.Values)
            client.Dispose();
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the table:\n" + string.Join("\n", failures));
    }

    private static string Url(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Value(parameter),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    private static string Value(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content).ToList();
        if (constraints.Contains("guid")) return Guid.NewGuid().ToString();
        if (constraints.Contains("int") || constraints.Contains("long")) return "1";
        return parameter.Name == "endpoint" ? "no-such-endpoint" : "no-such-" + parameter.Name.ToLowerInvariant();
    }

    private static bool MethodMatches(string methods, string method) => methods switch
    {
        "*" => true,
        "GET" => method is "GET" or "HEAD",
        "WRITE" => method is not ("GET" or "HEAD"),
        _ => methods == method,
    };

    private static bool RouteMatches(string rule, string route)
    {
        var r = rule.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var s = route.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(x => x.StartsWith('{') ? "*" : x).ToArray();
        for (var i = 0; i < r.Length; i++)
        {
            if (r[i] == "**") return true;
            if (i >= s.Length || (r[i] != "*" && !string.Equals(r[i], s[i], StringComparison.OrdinalIgnoreCase))) return false;
        }
        return r.Length == s.Length;
    }
}
