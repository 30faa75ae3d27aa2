using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests;

public abstract class BadInputTests(HostFixture host)
{
    /// <summary>Every endpoint that reads a JSON body, from the host's own route table (so a new one is covered too).</summary>
    private IReadOnlyList<(string Method, string Path)> JsonEndpoints()
    {
        var sources = host.Factory.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("application/json") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["POST"])
                .Select(m => (m, Fill(e.RoutePattern.RawText!))))
            .ToList();
    }

    private static string Fill(string pattern) => "/" + System.Text.RegularExpressions.Regex.Replace(pattern.TrimStart('/'), @"\{([^}:]+)(:[^}]+)?\}",
        m => m.Groups[2].Value switch
        {
            ":guid" => Guid.NewGuid().ToString(),
            ":int" => "1",
            _ => "x",
        });

    [Fact]
    public async Task Malformed_json_to_any_json_endpoint_is_a_400_problem_never_a_500()
    {
        var endpoints = JsonEndpoints();
        Assert.True(endpoints.Count >= 8, $"only {endpoints.Count} JSON endpoints found");
        foreach (var (method, path) in endpoints)
        {
            foreach (var body in new[] { "{ not json", "[1, 2", "{\"definitionId\": }" })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                var response = await host.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest, $"{method} {path} with '{body}' answered {(int)response.StatusCode}: {text}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = JsonNode.Parse(text)!;
                Assert.Equal(400, problem["status"]!.GetValue<int>());
                Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()), $"{method} {path}: no detail");
            }
        }
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        foreach (var path in new[]
                 {
                     $"/api/instances/{Guid.NewGuid()}", $"/api/instances/{Guid.NewGuid()}/log", $"/api/tasks/{Guid.NewGuid()}",
                     "/api/definitions/no-such-flow", "/api/definitions/no-such-flow/versions/3",
                 })
        {
            var response = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var complete = await host.Client.PostAsJsonAsync($"/api/tasks/{Guid.NewGuid()}/complete", new { outcome = "Done" });
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BadInputOnSqlite(SqliteHost host) : BadInputTests(host);

[Collection(PostgresCollection.Name)]
public sealed class BadInputOnPostgres(PostgresHost host) : BadInputTests(host);

public sealed class ConfigurationTests
{
    [Fact]
    public async Task A_wrong_database_provider_stops_the_host_with_a_sentence_naming_the_key()
    {
        await using var database = new SqliteTestDatabase();
        using var factory = new OrchestratorFactory(database, new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Database:Provider is 'Oracle'; it must be Sqlite, PostgreSql or SqlServer.", error.ToString());
    }

    [Fact]
    public void PostgreSQL_tests_fail_with_a_sentence_when_the_server_is_unreachable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var error = Assert.Throws<InvalidOperationException>(() =>
            PostgresTestDatabase.CreateOn($"Host=127.0.0.1;Port={port};Username=postgres;Password=secret;Database=postgres;Timeout=3"));
        Assert.Contains("PostgreSQL is unreachable", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
