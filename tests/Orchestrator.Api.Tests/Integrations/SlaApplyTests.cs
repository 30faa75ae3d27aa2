using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Sla;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>
/// A host of its own, since applying a version moves every open request of the default policy: its version 2 also emails
/// the Supervisors at half of the first-response target.
/// </summary>
public abstract class SlaApplyHost(string provider) : SlaHost(provider)
{
    public static readonly object SupervisorsAtHalf = new { target = "FirstResponse", atPercent = 50, action = "email", emailTo = "role:Supervisor" };

    protected override object FirstPolicy => Policy(moreEscalations: [SupervisorsAtHalf]);
}

public sealed class SqliteSlaApplyHost() : SlaApplyHost("Sqlite");

public sealed class PostgresSlaApplyHost() : SlaApplyHost("PostgreSql");

[CollectionDefinition(Name)]
public sealed class SqliteSlaApplyCollection : ICollectionFixture<SqliteSlaApplyHost>
{
    public const string Name = "sqlite sla apply";
}

[CollectionDefinition(Name)]
public sealed class PostgresSlaApplyCollection : ICollectionFixture<PostgresSlaApplyHost>
{
    public const string Name = "postgres sla apply";
}

/// <summary>Applying a new version to open requests (previewed, audited, keeping paused time), escalation emails to a role, and
/// what a Supervisor may do with the policies.</summary>
public abstract class SlaApplyTests(SlaApplyHost host)
{
    private readonly DomainApi _api = new(host.Client);

    private async Task<JsonObject> RequestAsync(string priority, string region = "Shanghai") =>
        await _api.CreatedAsync("/api/service-requests", new
        {
            type = "InWarrantyRepair",
            customerId = DomainApi.Id(await _api.CustomerAsync(region: region)),
            symptom = "The compressor does not start.",
            priority,
            openedAt = host.Factory.Clock.GetUtcNow(),
        });

    private async Task<JsonObject> StatusAsync(JsonObject request, string status)
    {
        var body = new JsonObject
        {
            ["type"] = request["type"]!.DeepClone(),
            ["customerId"] = request["customerId"]!.DeepClone(),
            ["symptom"] = request["symptom"]!.DeepClone(),
            ["priority"] = request["priority"]!.DeepClone(),
            ["status"] = status,
        };
        var (code, updated) = await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{DomainApi.Id(request)}", body);
        Assert.True(code == HttpStatusCode.OK, updated.ToJsonString());
        return updated;
    }

    private async Task<JsonObject> ReadAsync(JsonObject request) => await _api.GetAsync($"/api/service-requests/{DomainApi.Id(request)}");

    private static DateTimeOffset Time(JsonNode? node) => node!.GetValue<DateTimeOffset>();

    private DateTimeOffset WholeSecond()
    {
        var now = host.Factory.Clock.GetUtcNow();
        host.Factory.Clock.SetUtcNow(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1));
        return host.Factory.Clock.GetUtcNow();
    }

    private Task<int> FireDueAsync() => host.Factory.Services.GetRequiredService<SlaEscalationPump>().FireDueAsync(CancellationToken.None);

    private async Task<JsonObject> FinishedAsync(JsonObject job)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (job["status"]!.GetValue<string>() is "Queued" or "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, job.ToJsonString());
            await Task.Delay(50);
            job = await _api.GetAsync($"/api/sla-jobs/{job["id"]}");
        }
        Assert.True(job["status"]!.GetValue<string>() == "Succeeded", job.ToJsonString());
        return job;
    }

    [Fact]
    public async Task Applying_a_version_is_previewed_then_moves_open_requests_keeping_time_already_paused_and_is_audited()
    {
        var t0 = WholeSecond();
        var paused = await RequestAsync("Normal");
        Assert.Equal(t0.AddHours(24), Time(paused["onSiteDue"]));
        await host.AdvanceAsync(TimeSpan.FromHours(1));
        paused = await StatusAsync(paused, "WaitingForCustomer");
        await host.AdvanceAsync(TimeSpan.FromHours(2));
        paused = await StatusAsync(paused, "Dispatched");
        Assert.Equal(t0.AddHours(26), Time(paused["onSiteDue"]));

        var t1 = WholeSecond();
        var high = await RequestAsync("High");
        Assert.Equal(t1.AddMinutes(60), Time(high["firstResponseDue"]));
        var closed = await StatusAsync(await RequestAsync("High"), "Cancelled");
        await host.AdvanceAsync(TimeSpan.FromMinutes(45));
        await FireDueAsync(); // 75 % of the high request's hour: the team-lead email and sla.warning of version 2 fire

        // version 3: 30 minutes to answer High, and waiting for the customer no longer stops the clock
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, "/api/sla-policies/default/draft",
            new { document = SlaHost.Policy(highMinutes: 30, pauseStatuses: ["WaitingForParts"], moreEscalations: [SlaApplyHost.SupervisorsAtHalf]) })).Status);
        var (published, v3) = await _api.SendAsync(HttpMethod.Post, "/api/sla-policies/default/publish", new { comment = "Faster answers" });
        Assert.True(published == HttpStatusCode.OK, v3.ToJsonString());
        var version = v3["version"]!.GetValue<int>();
        Assert.Equal(t1.AddMinutes(60), Time((await ReadAsync(high))["firstResponseDue"])); // running requests keep their version

        var preview = await _api.GetAsync($"/api/sla-policies/default/versions/{version}/apply");
        var requests = preview["requests"]!.GetValue<int>();
        Assert.True(requests >= 2, preview.ToJsonString());
        Assert.Equal(requests, preview["byVersion"]!.AsArray().Sum(v => v!["requests"]!.GetValue<int>()));
        var moves = preview["examples"]!.AsArray().Where(x => x!["number"]!.GetValue<string>() == high["number"]!.GetValue<string>()).ToList();
        var move = Assert.Single(moves)!;
        Assert.Equal(("FirstResponse", t1.AddMinutes(60), t1.AddMinutes(30), 2),
            (move["target"]!.GetValue<string>(), Time(move["currentDue"]), Time(move["newDue"]), move["fromVersion"]!.GetValue<int>()));
        Assert.DoesNotContain(preview["examples"]!.AsArray(), x => x!["number"]!.GetValue<string>() == paused["number"]!.GetValue<string>());
        Assert.True(preview["changed"]!.GetValue<int>() == 1, preview.ToJsonString()); // only the high request's answer moves
        Assert.Equal(preview["breachedNow"]!.GetValue<int>() + 1, preview["breachedAfter"]!.GetValue<int>()); // 45 minutes in: late under v3

        var path = $"/api/sla-policies/default/versions/{version}/apply";
        var (unpreviewed, problem) = await _api.SendAsync(HttpMethod.Post, path, new { });
        Assert.Equal((HttpStatusCode.BadRequest, "expectedRequests"), (unpreviewed, DomainApi.Fields(problem).Single()));
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Post, path, new { expectedRequests = requests + 1 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.SendAsync(HttpMethod.Post, "/api/sla-policies/default/versions/99/apply", new { expectedRequests = 0 })).Status);

        var started = await host.Client.PostAsJsonAsync(path, new { expectedRequests = requests });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await FinishedAsync(WorkflowApi.Json(await started.Content.ReadAsStringAsync()));
        Assert.Equal((requests, (long)requests), (job["result"]!["retargeted"]!.GetValue<int>(), job["done"]!.GetValue<long>()));
        Assert.True(job["result"]!["changed"]!.GetValue<int>() >= 1);

        high = await ReadAsync(high);
        Assert.Equal((version, t1.AddMinutes(30)), (high["slaPolicyVersion"]!.GetValue<int>(), Time(high["firstResponseDue"])));
        paused = await ReadAsync(paused);
        Assert.Equal((version, t0.AddHours(26)), (paused["slaPolicyVersion"]!.GetValue<int>(), Time(paused["onSiteDue"])));
        Assert.Equal(2, (await ReadAsync(closed))["slaPolicyVersion"]!.GetValue<int>());
        var sla = await _api.GetAsync($"/api/service-requests/{DomainApi.Id(paused)}/sla");
        var retarget = Assert.Single(sla["retargets"]!.AsArray())!;
        Assert.Equal((2, version), (retarget["fromVersion"]!.GetValue<int>(), retarget["toVersion"]!.GetValue<int>()));
        var onSite = sla["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == "OnSite")!;
        Assert.Contains(onSite["explanation"]!.AsArray(), s => s!["kind"]!.GetValue<string>() == "Paused" && s["reason"]!.GetValue<string>() == "WaitingForCustomer");

        // the steps that fired under version 2 and are the same in version 3 do not fire again
        var highSla = await _api.GetAsync($"/api/service-requests/{DomainApi.Id(high)}/sla");
        var carried = highSla["escalations"]!.AsArray().Where(e => e!["policyVersion"]!.GetValue<int>() == version
            && e["outcome"]?.GetValue<string>()?.StartsWith("fired under version 2", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(3, carried.Count); // the team-lead email and sla.warning at 75 %, the Supervisors' email at 50 %

        var policyTrail = (await _api.GetAsync("/api/audit?entity=sla-policies&id=default"))["items"]!.AsArray();
        var action = Assert.Single(policyTrail, a => a!["changes"]!.ToJsonString().Contains("appliedVersion", StringComparison.Ordinal))!;
        Assert.Contains($"\"new\":{requests}", action["changes"]!.ToJsonString(), StringComparison.Ordinal);
        var requestTrail = (await _api.GetAsync($"/api/audit?entity=service-requests&id={DomainApi.Id(high)}")).ToJsonString();
        Assert.Contains("slaPolicyVersion", requestTrail, StringComparison.Ordinal);

        Assert.Equal(0, (await _api.GetAsync(path))["requests"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Post, path, new { expectedRequests = requests })).Status);
    }

    [Fact]
    public async Task An_escalation_to_a_role_emails_each_active_user_in_it_once()
    {
        var marker = WorkflowApi.Unique("sup").ToLowerInvariant();
        var admin = host.Client;
        foreach (var (name, roles, active) in new[] { ("a", "Supervisor", true), ("b", "Supervisor", true), ("gone", "Supervisor", false), ("agent", "Agent", true) })
        {
            await WorkflowApi.Ensure(await admin.PostAsJsonAsync("/api/users", new
            {
                username = $"{marker}-{name}",
                displayName = name,
                email = $"{marker}-{name}@orchestrator.test",
                password = "password-of-a-supervisor",
                roles = new[] { roles },
            }));
            if (!active)
                await WorkflowApi.Ensure(await admin.PostAsync($"/api/users/{marker}-{name}/deactivate", null));
        }
        await FireDueAsync(); // what earlier tests left due

        var request = await RequestAsync("Urgent"); // 30 minutes to answer: the Supervisors hear at 15
        var number = request["number"]!.GetValue<string>();
        await host.AdvanceAsync(TimeSpan.FromMinutes(14));
        await FireDueAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await FireDueAsync();
        var mails = await EmailsAsync(number, 3);
        var roleMails = mails.Where(m => m.To.Mailboxes.Single().Address.StartsWith(marker, StringComparison.Ordinal)
                                         || m.To.Mailboxes.Single().Address == "supervisor@orchestrator.test").ToList();
        Assert.Equal([$"{marker}-a@orchestrator.test", $"{marker}-b@orchestrator.test", "supervisor@orchestrator.test"],
            roleMails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));

        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        await FireDueAsync();
        await host.AdvanceAsync(TimeSpan.Zero);
        await Task.Delay(300);
        Assert.Equal(3, (await EmailsAsync(number, 3)).Count(m => m.To.Mailboxes.Single().Address.StartsWith(marker, StringComparison.Ordinal)
                                                                   || m.To.Mailboxes.Single().Address == "supervisor@orchestrator.test"));
        var step = (await _api.GetAsync($"/api/service-requests/{DomainApi.Id(request)}/sla"))["escalations"]!.AsArray()
            .Single(e => e!["action"]!.GetValue<string>() == "email" && e["outcome"]!.GetValue<string>().Contains(marker, StringComparison.Ordinal))!;
        Assert.DoesNotContain("gone", step["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("agent", step["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_reads_the_policies_and_previews_but_every_change_is_refused()
    {
        using var supervisor = await host.Factory.CreateClientAsync("Supervisor");
        using var agent = await host.Factory.CreateClientAsync("Agent");
        var latest = (await _api.GetAsync("/api/sla-policies/default/versions/2"))["version"]!.GetValue<int>();
        foreach (var path in new[] { "/api/sla-policies", "/api/sla-policies/default", "/api/sla-policies/default/versions", $"/api/sla-policies/default/versions/{latest}",
                     $"/api/sla-policies/default/versions/{latest}/apply", "/api/sla-reports/compliance?from=2026-01-01&to=2026-02-01" })
            Assert.True((await supervisor.GetAsync(path)).StatusCode == HttpStatusCode.OK, path);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/sla-policies/default/versions/{latest}/apply")).StatusCode);

        var changes = new (HttpMethod, string, object)[]
        {
            (HttpMethod.Post, "/api/sla-policies", new { policyId = "by-a-supervisor", name = "Mine", document = SlaHost.Policy() }),
            (HttpMethod.Put, "/api/sla-policies/default/draft", new { document = SlaHost.Policy(highMinutes: 5) }),
            (HttpMethod.Post, "/api/sla-policies/default/publish", new { comment = "sneaky" }),
            (HttpMethod.Post, "/api/sla-policies/default/impact", new { }),
            (HttpMethod.Post, $"/api/sla-policies/default/versions/{latest}/apply", new { expectedRequests = 0 }),
        };
        foreach (var (method, path, body) in changes)
        {
            using var message = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            Assert.True((await supervisor.SendAsync(message)).StatusCode == HttpStatusCode.Forbidden, $"{method} {path}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/sla-policies/by-a-supervisor")).StatusCode);
    }

    private async Task<List<MimeMessage>> EmailsAsync(string number, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = host.Smtp.ReceivedEmail
                .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
                .Where(m => m.Subject?.Contains(number, StringComparison.Ordinal) == true).ToList();
            if (found.Count >= atLeast)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} emails about {number} arrived, not {atLeast}.");
            await host.AdvanceAsync(TimeSpan.Zero);
            await Task.Delay(50);
        }
    }
}

[Collection(SqliteSlaApplyCollection.Name)]
public sealed class SlaApplyOnSqlite(SqliteSlaApplyHost host) : SlaApplyTests(host);

[Collection(PostgresSlaApplyCollection.Name)]
public sealed class SlaApplyOnPostgres(PostgresSlaApplyHost host) : SlaApplyTests(host);
