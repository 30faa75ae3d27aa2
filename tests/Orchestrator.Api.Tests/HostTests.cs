using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.Api.Tests;

public abstract class HostTests(HostFixture host)
{
    [Fact]
    public async Task Ready_answers_200_when_the_database_answers()
    {
        var response = await host.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_host_runs_on_the_configured_database_not_the_default_file()
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        Assert.Contains(host.Provider == "Sqlite" ? "Sqlite" : "Npgsql", db.Database.ProviderName);
        var expected = host.Provider == "Sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(host.Database.ConnectionString).DataSource
            : new Npgsql.NpgsqlConnectionStringBuilder(host.Database.ConnectionString).Database!;
        Assert.Contains(expected, db.Database.GetConnectionString());
    }

    [Fact]
    public async Task Live_answers_200()
    {
        var response = await host.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Info_names_the_product_version_and_provider()
    {
        var info = await host.Client.GetFromJsonAsync<JsonElement>("/api/info");
        Assert.Equal("Orchestrator", info.GetProperty("product").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", info.GetProperty("version").GetString());
        Assert.Equal(host.Provider, info.GetProperty("databaseProvider").GetString());
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem_not_the_web_page()
    {
        var response = await host.Client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_web_ui_is_served_at_the_root_and_for_client_routes()
    {
        foreach (var path in new[] { "/", "/designer", "/inbox" })
        {
            var response = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_pages_are_revalidated_and_their_hashed_scripts_and_styles_kept_for_a_year()
    {
        string? html = null;
        foreach (var path in new[] { "/", "/inbox", "/index.html" })
        {
            var page = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
            html = await page.Content.ReadAsStringAsync();
        }
        var assets = System.Text.RegularExpressions.Regex.Matches(html!, "(?:src|href)=\"(/assets/[^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await host.Client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
        // a missing asset is not cached
        var missing = await host.Client.GetAsync("/assets/no-such-file-0000.js");
        Assert.NotEqual("public, max-age=31536000, immutable", missing.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_openapi_document_and_the_reference_page_are_served()
    {
        var document = await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/info", out _));
        var page = await host.Client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_a_restart_applies_nothing_twice()
    {
        await using var database = TestDatabase.Create(host.Provider);
        string[] first;
        await using (var factory = new OrchestratorFactory(database))
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
            first = (await db.Database.GetAppliedMigrationsAsync()).ToArray();
            Assert.Equal(db.Database.GetMigrations(), first);
            Assert.NotEmpty(first);
        }
        await using (var restarted = new OrchestratorFactory(database))
        {
            using var scope = restarted.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var rows = await db.Database.SqlQueryRaw<string>(
                "SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\"").ToListAsync();
            Assert.Equal(first, rows.Order());
            var ready = await restarted.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HostOnSqlite(SqliteHost host) : HostTests(host);

[Collection(PostgresCollection.Name)]
public sealed class HostOnPostgres(PostgresHost host) : HostTests(host);
