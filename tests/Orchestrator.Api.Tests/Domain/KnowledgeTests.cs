using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class KnowledgeTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    private async Task<JsonArray> SearchAsync(string q, int top = 5) =>
        (await host.Client.GetFromJsonAsync<JsonArray>($"/api/knowledge/search?q={Uri.EscapeDataString(q)}&top={top}"))!;

    [Fact]
    public async Task A_new_article_is_found_at_once_from_a_customers_words()
    {
        var zh = await _api.CreatedAsync("/api/knowledge", new
        {
            title = "洗碗机门封条老化漏水",
            symptom = "洗碗机运行时门下方渗水，地上有一滩水，门封条发硬开裂。",
            solution = "更换门封条（备件 DW-GASKET-45），检查门铰链是否变形。",
            language = "zh",
            productLine = "dishwasher",
        });
        var articleId = zh["articleId"]!.GetValue<string>();
        Assert.Matches(@"^KB-\d{6}$", articleId);

        var hits = await SearchAsync("洗碗机门下面漏水");
        Assert.Equal(articleId, hits[0]!["articleId"]!.GetValue<string>());
        Assert.True(hits[0]!["score"]!.GetValue<double>() > 0);
        Assert.Equal("洗碗机门封条老化漏水", hits[0]!["title"]!.GetValue<string>());

        var en = await _api.CreatedAsync("/api/knowledge", new
        {
            title = "Espresso machine pump rattles loudly",
            symptom = "The espresso machine pump makes a loud rattling noise and little coffee comes out.",
            solution = "Descale the boiler, then check the vibration pump mounts; replace pump EM-PUMP-15 if the noise stays.",
            language = "en",
        });
        var english = await SearchAsync("my espresso machine rattles and barely any coffee comes out", 3);
        Assert.Equal(en["articleId"]!.GetValue<string>(), english[0]!["articleId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retired_article_leaves_the_search_and_usage_is_counted()
    {
        var article = await _api.CreatedAsync("/api/knowledge", new
        {
            title = "Ice maker makes hollow ice cubes",
            symptom = "The refrigerator ice maker produces hollow cubes quickly.",
            solution = "Low water pressure: open the supply valve fully and replace the water filter.",
            language = "en",
        });
        var id = article["articleId"]!.GetValue<string>();
        Assert.Equal(id, (await SearchAsync("hollow ice cubes"))[0]!["articleId"]!.GetValue<string>());

        var (used, counted) = await _api.SendAsync(HttpMethod.Post, $"/api/knowledge/{id}/used");
        Assert.Equal(HttpStatusCode.OK, used);
        Assert.Equal(1, counted["usageCount"]!.GetValue<int>());

        var (status, _) = await _api.SendAsync(HttpMethod.Put, $"/api/knowledge/{id}", new
        {
            title = article["title"]!.GetValue<string>(),
            symptom = article["symptom"]!.GetValue<string>(),
            solution = article["solution"]!.GetValue<string>(),
            language = "en",
            status = "Retired",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(await SearchAsync("hollow ice cubes"), h => h!["articleId"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task A_resolution_no_article_covers_becomes_a_draft_and_bad_input_is_named()
    {
        var (status, proposal) = await _api.SendAsync(HttpMethod.Post, "/api/knowledge/proposals", new
        {
            symptom = "Smart lock beeps three times and refuses every fingerprint after a firmware update.",
            solution = "Hold the reset button for 10 seconds, then enrol the fingerprints again from the app.",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(proposal["proposed"]!.GetValue<bool>());
        Assert.Equal("Draft", proposal["draft"]!["status"]!.GetValue<string>());
        Assert.Empty(await SearchAsync("smart lock refuses fingerprint firmware"));

        var (bad, problem) = await _api.SendAsync(HttpMethod.Post, "/api/knowledge", new { title = "t", symptom = "s", language = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["language", "solution"], DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
        var (noQuery, empty) = await _api.SendAsync(HttpMethod.Get, "/api/knowledge/search?q=");
        Assert.Equal(HttpStatusCode.BadRequest, noQuery);
        Assert.Equal(["q"], DomainApi.Fields(empty));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class KnowledgeOnSqlite(SqliteHost host) : KnowledgeTests(host);

[Collection(PostgresCollection.Name)]
public sealed class KnowledgeOnPostgres(PostgresHost host) : KnowledgeTests(host);
