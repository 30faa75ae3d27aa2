using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

/// <summary>KB auto-maintenance as a service desk meets it: resolving requests proposes drafts and counts the articles that helped.</summary>
public abstract class KnowledgeMaintenanceTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    /// <summary>A word no other article has, so each test's articles are alone in the index.</summary>
    private static string Word() => "zq" + Guid.NewGuid().ToString("N")[..8].Replace('0', 'k').Replace('1', 'm');

    private async Task<JsonArray> SearchAsync(string q) =>
        (await host.Client.GetFromJsonAsync<JsonArray>($"/api/knowledge/search?q={Uri.EscapeDataString(q)}&top=5"))!;

    private async Task<JsonObject> OpenAsync(string symptom)
    {
        var customer = await _api.CustomerAsync();
        return await _api.CreatedAsync("/api/service-requests", new { type = "InWarrantyRepair", customerId = DomainApi.Id(customer), symptom });
    }

    private async Task<(HttpStatusCode, JsonObject)> ResolveAsync(JsonObject request, string? resolution, string? articleId = null,
        string status = "Resolved") =>
        await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{request["id"]}", new
        {
            type = request["type"]!.GetValue<string>(),
            customerId = request["customerId"]!.GetValue<Guid>(),
            symptom = request["symptom"]!.GetValue<string>(),
            status,
            resolution,
            knowledgeArticleId = articleId,
        });

    [Fact]
    public async Task Resolving_with_a_solution_no_article_covers_proposes_a_draft_that_is_searchable_once_published()
    {
        var word = Word();
        var request = await OpenAsync($"The aquarium chiller hums but the {word} valve never opens and the water stays warm.");
        var (status, resolved) = await ResolveAsync(request, $"Replaced the {word} valve solenoid coil and flushed the chiller loop.");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Resolved", resolved["status"]!.GetValue<string>());

        var drafts = await _api.GetAsync($"/api/knowledge?sourceRequestId={request["id"]}");
        var draft = Assert.Single(drafts["items"]!.AsArray())!.AsObject();
        Assert.Equal("Draft", draft["status"]!.GetValue<string>());
        Assert.Contains("solenoid coil", draft["solution"]!.GetValue<string>());
        var articleId = draft["articleId"]!.GetValue<string>();
        Assert.DoesNotContain(await SearchAsync($"{word} valve"), h => h!["articleId"]!.GetValue<string>() == articleId);

        // saving the resolved request again (closing it) proposes nothing more
        Assert.Equal(HttpStatusCode.OK, (await ResolveAsync(resolved, resolved["resolution"]!.GetValue<string>(), status: "Closed")).Item1);
        Assert.Equal(1, (await _api.GetAsync($"/api/knowledge?sourceRequestId={request["id"]}"))["total"]!.GetValue<int>());

        var (published, article) = await _api.SendAsync(HttpMethod.Post, $"/api/knowledge/{articleId}/publish");
        Assert.Equal((HttpStatusCode.OK, "Published"), (published, article["status"]!.GetValue<string>()));
        Assert.Equal(articleId, (await SearchAsync($"chiller {word} valve will not open"))[0]!["articleId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Post, $"/api/knowledge/{articleId}/publish")).Status);
    }

    [Fact]
    public async Task A_curator_rejects_a_draft_and_it_is_never_searched()
    {
        var word = Word();
        var request = await OpenAsync($"售后：{word} 型净水器出水有塑料味");
        await ResolveAsync(request, $"更换 {word} 活性炭滤芯并冲洗管路十分钟");
        var draft = (await _api.GetAsync($"/api/knowledge?sourceRequestId={request["id"]}&status=Draft"))["items"]![0]!;
        var id = draft["articleId"]!.GetValue<string>();
        Assert.Equal("zh", draft["language"]!.GetValue<string>());

        var (rejected, article) = await _api.SendAsync(HttpMethod.Post, $"/api/knowledge/{id}/reject");
        Assert.Equal((HttpStatusCode.OK, "Retired"), (rejected, article["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Post, $"/api/knowledge/{id}/reject")).Status);
        Assert.DoesNotContain(await SearchAsync($"{word} 净水器 塑料味"), h => h!["articleId"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task An_article_that_solved_a_request_ranks_above_an_equal_one_and_no_draft_is_proposed()
    {
        var word = Word();
        object Article() => new
        {
            title = $"Dryer {word} drum squeaks",
            symptom = $"The tumble dryer drum squeaks loudly while turning; {word} model.",
            solution = "Replace the drum support rollers and the drive belt.",
            language = "en",
        };
        var first = (await _api.CreatedAsync("/api/knowledge", Article()))["articleId"]!.GetValue<string>();
        var second = (await _api.CreatedAsync("/api/knowledge", Article()))["articleId"]!.GetValue<string>();
        var before = await SearchAsync($"{word} dryer squeaks");
        Assert.Equal(before[0]!["score"]!.GetValue<double>(), before[1]!["score"]!.GetValue<double>());

        var request = await OpenAsync($"Our {word} dryer squeaks when the drum turns.");
        var (status, resolved) = await ResolveAsync(request, "Replaced the drum support rollers and the drive belt.", second.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(second, resolved["knowledgeArticleId"]!.GetValue<string>());
        Assert.Equal(1, (await _api.GetAsync($"/api/knowledge/{second}"))["usageCount"]!.GetValue<int>());
        Assert.Equal(0, (await _api.GetAsync($"/api/knowledge?sourceRequestId={request["id"]}"))["total"]!.GetValue<int>());

        var after = await SearchAsync($"{word} dryer squeaks");
        Assert.Equal([second, first], after.Take(2).Select(h => h!["articleId"]!.GetValue<string>()));
        Assert.True(after[0]!["score"]!.GetValue<double>() > after[1]!["score"]!.GetValue<double>());

        var (bad, problem) = await ResolveAsync(await OpenAsync("x"), "y", "KB-999999");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["knowledgeArticleId"], DomainApi.Fields(problem));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class KnowledgeMaintenanceOnSqlite(SqliteHost host) : KnowledgeMaintenanceTests(host);

[Collection(PostgresCollection.Name)]
public sealed class KnowledgeMaintenanceOnPostgres(PostgresHost host) : KnowledgeMaintenanceTests(host);
