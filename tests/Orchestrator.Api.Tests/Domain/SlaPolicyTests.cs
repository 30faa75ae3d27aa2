using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class SlaPolicyTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    private static object Policy(int firstResponseMinutes) => new
    {
        calendar = new { name = "Around the clock", timeZone = "Asia/Shanghai", hours = new { everyday = new[] { "00:00-24:00" } } },
        pauseStatuses = new[] { "WaitingForCustomer" },
        rules = new[]
        {
            new
            {
                id = "vip-urgent",
                match = new { priorities = new[] { "Urgent" }, customerTiers = new[] { "Vip" } },
                targets = new { firstResponse = new { minutes = 10 }, onSite = new { minutes = 240, clock = "AroundTheClock" } },
            },
        },
        // an on-site target like the shipped default's: this host is shared, and the service-flow tests expect one
        defaultTargets = new
        {
            firstResponse = new { minutes = firstResponseMinutes },
            onSite = new { minutes = 1440 },
            resolution = new { minutes = 2880 },
        },
        escalations = new[] { new { target = "FirstResponse", atPercent = 75, action = "sla.warning" } },
    };

    [Fact]
    public async Task The_shipped_policy_is_published_and_lists_its_version()
    {
        var policies = (await host.Client.GetFromJsonAsync<JsonArray>("/api/sla-policies"))!;
        var shipped = policies.First(p => p!["policyId"]!.GetValue<string>() == "default")!;
        Assert.True(shipped["publishedVersion"]!.GetValue<int>() >= 1);
        var v1 = await _api.GetAsync("/api/sla-policies/default/versions/1");
        Assert.Equal(30, v1["document"]!["defaultTargets"]!["firstResponse"]!["minutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_policy_goes_from_draft_to_published_and_evaluates_by_the_version_in_effect()
    {
        var id = WorkflowApi.Unique("p").ToLowerInvariant();
        var (created, draft) = await _api.SendAsync(HttpMethod.Post, "/api/sla-policies", new { policyId = id, name = "Key accounts", document = Policy(60) });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(("Draft", 1), (draft["status"]!.GetValue<string>(), draft["version"]!.GetValue<int>()));
        var t0 = new DateTimeOffset(2030, 3, 4, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/publish", new { effectiveFrom = t0 })).Status);

        var (saved, v2) = await _api.SendAsync(HttpMethod.Put, $"/api/sla-policies/{id}/draft", new { document = Policy(120), comment = "slower" });
        Assert.Equal((HttpStatusCode.OK, 2), (saved, v2["version"]!.GetValue<int>()));
        var (early, _) = await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/publish", new { effectiveFrom = t0.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, early);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/publish", new { effectiveFrom = t0.AddDays(1) })).Status);

        async Task<JsonObject> Evaluate(DateTimeOffset openedAt, string priority = "Normal", string tier = "Standard") =>
            (await _api.SendAsync(HttpMethod.Post, "/api/sla-policies/evaluate",
                new { policyId = id, requestType = "InWarrantyRepair", priority, customerTier = tier, region = "East", openedAt })).Body;
        var before = await Evaluate(t0.AddHours(1));
        Assert.Equal((1, "default"), (before["version"]!.GetValue<int>(), before["ruleId"]!.GetValue<string>()));
        Assert.Equal(t0.AddHours(2), before["firstResponseDue"]!.GetValue<DateTimeOffset>());
        var after = await Evaluate(t0.AddDays(2));
        Assert.Equal(2, after["version"]!.GetValue<int>());
        Assert.Equal(t0.AddDays(2).AddHours(2), after["firstResponseDue"]!.GetValue<DateTimeOffset>());
        var shanghai = TimeSpan.FromHours(8);
        Assert.Equal(1, (await Evaluate(t0.AddDays(1).AddMinutes(-1).ToOffset(shanghai)))["version"]!.GetValue<int>());
        Assert.Equal(2, (await Evaluate(t0.AddDays(1).AddMinutes(1).ToOffset(shanghai)))["version"]!.GetValue<int>());
        var vip = await Evaluate(t0.AddDays(2), "Urgent", "Vip");
        Assert.Equal(("vip-urgent", t0.AddDays(2).AddMinutes(10)), (vip["ruleId"]!.GetValue<string>(), vip["firstResponseDue"]!.GetValue<DateTimeOffset>()));

        var versions = (await host.Client.GetFromJsonAsync<JsonArray>($"/api/sla-policies/{id}/versions"))!;
        Assert.Equal([2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        var old = await _api.GetAsync($"/api/sla-policies/{id}/versions/1");
        Assert.Equal(60, old["document"]!["defaultTargets"]!["firstResponse"]!["minutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_new_default_version_leaves_running_requests_targets_alone()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var opened = host.Factory.Clock.GetUtcNow();
        var created = await _api.RequestAsync(customer, openedAt: opened.ToString("O"));
        var running = await _api.GetAsync($"/api/service-requests/{DomainApi.Id(created)}"); // as stored (µs on PostgreSQL, ms on SQLite)
        var version = running["slaPolicyVersion"]!.GetValue<int>();
        var due = running["firstResponseDue"]!.GetValue<DateTimeOffset>();

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, "/api/sla-policies/default/draft", new { document = Policy(5) })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, "/api/sla-policies/default/publish", new { effectiveFrom = opened.AddMinutes(1) })).Status);

        var later = await _api.GetAsync($"/api/service-requests/{DomainApi.Id(running)}");
        Assert.Equal((version, due), (later["slaPolicyVersion"]!.GetValue<int>(), later["firstResponseDue"]!.GetValue<DateTimeOffset>()));
        var (changed, edited) = await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{DomainApi.Id(running)}",
            new { type = "InWarrantyRepair", customerId = customer, symptom = "Still dripping", status = "Dispatched" });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal((version, due), (edited["slaPolicyVersion"]!.GetValue<int>(), edited["firstResponseDue"]!.GetValue<DateTimeOffset>()));

        var fresh = await _api.RequestAsync(customer, openedAt: opened.AddMinutes(2).ToString("O"));
        Assert.True(fresh["slaPolicyVersion"]!.GetValue<int>() > version);
        Assert.Equal(opened.AddMinutes(7), fresh["firstResponseDue"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_bad_policy_document_names_each_field()
    {
        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/sla-policies", new
        {
            policyId = WorkflowApi.Unique("bad"),
            name = "Bad",
            document = new
            {
                calendar = new { name = "x", timeZone = "Mars/Olympus", hours = new { weekdays = new[] { "09:00-18:00" } } },
                rules = new[] { new { id = "r1", match = new { priorities = new[] { "High" } }, targets = new { firstResponse = new { minutes = 0 } } } },
                escalations = new[] { new { target = "Lunch", atPercent = 50, action = "eat" } },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["document.calendar.timeZone", "document.escalations[0].action", "document.escalations[0].target",
                "document.rules[0].targets.firstResponse.minutes"],
            DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SlaPoliciesOnSqlite(SqliteHost host) : SlaPolicyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SlaPoliciesOnPostgres(PostgresHost host) : SlaPolicyTests(host);
