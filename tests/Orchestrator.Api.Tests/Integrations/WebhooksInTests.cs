using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>POST /hooks/{endpoint}: Standard Webhooks signatures, replays answered once, every rejection a 4xx problem.</summary>
public abstract class WebhooksInTests(IntegrationHost host)
{
    private WorkflowApi Api => host.Api;
    private WebhookClient Hooks => new(host);

    private async Task<string> PublishRmaFlowAsync()
    {
        var id = WorkflowApi.Unique("rma");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("wait", "WaitForEvent", new() { ["event"] = "rma.received", ["correlationKey"] = Template("{{ input.rma }}") }),
                A("scan", "SetVariable", new() { ["name"] = "dock", ["value"] = Expr("outputs.wait.dock") }),
            ],
            "start.Done→wait", "wait.Done→scan"));
        return id;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string contains)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, text);
    }

    [Fact]
    public async Task A_warehouse_scan_raises_the_event_its_flow_waits_for_and_a_repeat_gets_the_first_answer()
    {
        var flow = await PublishRmaFlowAsync();
        var rma = WorkflowApi.Unique("RMA");
        var instance = await Api.StartAsync(flow, new { rma });
        await BuiltInActivityTestsAccess.WaitUntil(async () => (await Api.InstanceAsync(instance))["bookmarks"]!.AsArray().Count == 1);

        var id = $"msg_{Guid.NewGuid():N}";
        var scan = new { @event = "rma.received", correlationKey = rma, payload = new { dock = 4 } };
        var first = await Hooks.SendAsync("warehouse", scan, id: id);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var answer = WorkflowApi.Json(await first.Content.ReadAsStringAsync());
        Assert.Equal(instance, answer["resumedInstances"]![0]!.GetValue<Guid>());
        Assert.Equal("RaiseEvent", answer["action"]!.GetValue<string>());
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(4, done["variables"]!["dock"]!.GetValue<int>());

        var again = await Hooks.SendAsync("warehouse", scan, id: id);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(answer.ToJsonString(), await again.Content.ReadAsStringAsync());
        var receipt = await WorkflowApi.Ensure(await Api.Http.GetAsync(answer["statusUrl"]!.GetValue<string>()));
        Assert.Equal(id, receipt["webhookId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Both_secrets_are_valid_while_rotating_and_any_other_is_refused()
    {
        var body = new { @event = "carrier.delivered", correlationKey = WorkflowApi.Unique("TRK") };
        Assert.Equal(HttpStatusCode.Accepted, (await Hooks.SendAsync("warehouse", body, IntegrationHost.EndpointSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Hooks.SendAsync("warehouse", body, IntegrationHost.RotatedSecret)).StatusCode);
        await AssertProblem(await Hooks.SendAsync("warehouse", body, "whsec_" + Convert.ToBase64String(new byte[32])),
            HttpStatusCode.Unauthorized, "matches none");
    }

    [Fact]
    public async Task Every_bad_request_is_a_4xx_problem_and_creates_nothing()
    {
        var body = new { @event = "quote.accepted", correlationKey = "Q-1" };
        var now = host.Factory.Clock.GetUtcNow();
        await AssertProblem(await Hooks.SendAsync("warehouse", body, at: now.AddMinutes(-6)), HttpStatusCode.Unauthorized, "minutes old");
        await AssertProblem(await Hooks.SendAsync("warehouse", body, at: now.AddMinutes(6)), HttpStatusCode.Unauthorized, "future");
        await AssertProblem(await Hooks.SendAsync("warehouse", body, secret: null), HttpStatusCode.BadRequest, "webhook-signature");
        await AssertProblem(await Hooks.SendAsync("nowhere", body), HttpStatusCode.NotFound, "nowhere");
        await AssertProblem(await Hooks.SendAsync("unsigned", body), HttpStatusCode.Forbidden, "no signing secret");
        await AssertProblem(await Hooks.SendRawAsync("warehouse", "{\"event\":", IntegrationHost.EndpointSecret), HttpStatusCode.BadRequest, "JSON");
        await AssertProblem(await Hooks.SendAsync("warehouse", new { @event = "x" }), HttpStatusCode.UnprocessableEntity, "correlationKey");
        var big = new string('x', 300 * 1024);
        await AssertProblem(await Hooks.SendAsync("warehouse", new { @event = "x", correlationKey = "k", payload = big }),
            HttpStatusCode.RequestEntityTooLarge, "256 KB");

        // a tampered body fails the signature
        using var tampered = new HttpRequestMessage(HttpMethod.Post, "/hooks/warehouse")
        {
            Content = new StringContent("""{"event":"quote.accepted","correlationKey":"Q-2"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        var ts = host.Factory.Clock.GetUtcNow();
        tampered.Headers.Add("webhook-id", "msg_tampered");
        tampered.Headers.Add("webhook-timestamp", ts.ToUnixTimeSeconds().ToString());
        tampered.Headers.Add("webhook-signature",
            new StandardWebhooks.StandardWebhook(IntegrationHost.EndpointSecret).Sign("msg_tampered", ts, """{"event":"quote.accepted","correlationKey":"Q-1"}"""));
        await AssertProblem(await Api.Http.SendAsync(tampered), HttpStatusCode.Unauthorized, "signature");

        var kept = await Api.Http.GetAsync("/api/webhooks/endpoints/warehouse/receipts/msg_tampered");
        Assert.Equal(HttpStatusCode.NotFound, kept.StatusCode);
    }

    [Fact]
    public async Task An_endpoint_has_a_rate_limit_per_minute()
    {
        var body = new { @event = "ping", correlationKey = "limited" };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await Hooks.SendAsync("limited", body)).StatusCode);
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Accepted));
        var limited = await Hooks.SendAsync("limited", body);
        await AssertProblem(limited, HttpStatusCode.TooManyRequests, "3 requests a minute");
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task An_endpoint_added_through_the_API_starts_its_flow_once_per_webhook_id_and_externalId()
    {
        var flow = await PublishRmaFlowAsync();
        var name = WorkflowApi.Unique("quotes").ToLowerInvariant();
        var created = await Api.Http.PostAsJsonAsync("/api/webhooks/endpoints", new
        {
            name,
            action = new { kind = "StartFlow", definitionId = flow, input = "{ rma: body.rmaNumber, source: 'webhook' }", correlationId = "body.rmaNumber" },
            description = "ERP creates returns",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = WorkflowApi.Json(await created.Content.ReadAsStringAsync())["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);
        var listed = await Api.Http.GetStringAsync("/api/webhooks/endpoints");
        Assert.Contains(name, listed);
        Assert.DoesNotContain(secret, listed);

        var rma = WorkflowApi.Unique("RMA");
        var id = $"msg_{Guid.NewGuid():N}";
        var response = await Hooks.SendAsync(name, new { rmaNumber = rma, externalId = rma }, secret, id);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = WorkflowApi.Json(await response.Content.ReadAsStringAsync());
        var instance = answer["instanceId"]!.GetValue<Guid>();
        Assert.Equal($"/api/instances/{instance}", answer["statusUrl"]!.GetValue<string>());
        Assert.Equal($"/api/instances/{instance}", response.Headers.Location?.ToString());
        var started = await Api.WaitForAsync(instance, "Suspended");
        Assert.Equal(rma, started["instance"]!["correlationId"]!.GetValue<string>());
        Assert.Equal("webhook", started["input"]!["source"]!.GetValue<string>());

        // the same webhook-id, and another id with the same externalId: the first answer, nothing new
        Assert.Equal(answer.ToJsonString(), await (await Hooks.SendAsync(name, new { rmaNumber = rma, externalId = rma }, secret, id)).Content.ReadAsStringAsync());
        Assert.Equal(answer.ToJsonString(), await (await Hooks.SendAsync(name, new { rmaNumber = rma, externalId = rma }, secret)).Content.ReadAsStringAsync());
        var instances = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId={flow}");
        Assert.Equal(1, instances!["total"]!.GetValue<int>());

        // rotation: the new secret and the previous one both work, the one before is gone
        var rotated = WorkflowApi.Json(await (await Api.Http.PostAsJsonAsync($"/api/webhooks/endpoints/{name}/secrets", new { })).Content.ReadAsStringAsync());
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.Equal(2, rotated["endpoint"]!["secrets"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, (await Hooks.SendAsync(name, new { rmaNumber = WorkflowApi.Unique("RMA") }, newSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Hooks.SendAsync(name, new { rmaNumber = WorkflowApi.Unique("RMA") }, secret)).StatusCode);
    }

    [Fact]
    public async Task The_same_webhook_sent_eight_times_at_once_starts_one_flow_and_every_answer_is_the_same()
    {
        var flow = await PublishRmaFlowAsync();
        var name = WorkflowApi.Unique("burst").ToLowerInvariant();
        var created = WorkflowApi.Json(await (await Api.Http.PostAsJsonAsync("/api/webhooks/endpoints",
            new { name, action = new { kind = "StartFlow", definitionId = flow } })).Content.ReadAsStringAsync());
        var secret = created["secret"]!.GetValue<string>();
        var id = $"msg_{Guid.NewGuid():N}";
        var body = new { rma = WorkflowApi.Unique("RMA") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Hooks.SendAsync(name, body, secret, id))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(answers.Distinct());
        var instances = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/instances?definitionId={flow}");
        Assert.Equal(1, instances!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_flow_that_cannot_start_creates_nothing_and_a_corrected_retry_succeeds()
    {
        var name = WorkflowApi.Unique("orders").ToLowerInvariant();
        var flow = WorkflowApi.Unique("later");
        var created = WorkflowApi.Json(await (await Api.Http.PostAsJsonAsync("/api/webhooks/endpoints",
            new { name, action = new { kind = "StartFlow", definitionId = flow } })).Content.ReadAsStringAsync());
        var secret = created["secret"]!.GetValue<string>();
        var id = $"msg_{Guid.NewGuid():N}";
        await AssertProblem(await Hooks.SendAsync(name, new { order = 1 }, secret, id), HttpStatusCode.UnprocessableEntity, "no published version");

        await Api.PublishAsync(Flow(flow, [A("start", "Start"), A("log", "Log", new() { ["message"] = "ok" })], "start.Done→log"));
        var retried = await Hooks.SendAsync(name, new { order = 1 }, secret, id);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
    }

    [Fact]
    public async Task The_admin_API_refuses_bad_endpoints_with_the_fields_named()
    {
        var bad = await Api.Http.PostAsJsonAsync("/api/webhooks/endpoints", new
        {
            name = "Bad Name",
            action = new { kind = "Teleport" },
            secrets = new[] { "not-a-secret" },
        });
        var text = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"name\"", text);
        Assert.Contains("action.kind", text);
        Assert.Contains("\"secrets\"", text);
        var noFlow = await Api.Http.PostAsJsonAsync("/api/webhooks/endpoints", new { name = "no-flow", action = new { kind = "StartFlow", input = "body." } });
        Assert.Contains("action.definitionId", await noFlow.Content.ReadAsStringAsync());
        var clash = await Api.Http.PostAsJsonAsync("/api/webhooks/endpoints", new { name = "warehouse", action = new { kind = "RaiseEvent" } });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Api.Http.DeleteAsync("/api/webhooks/endpoints/warehouse")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.DeleteAsync("/api/webhooks/endpoints/never-made")).StatusCode);
    }
}

/// <summary>The polling helper of the engine tests.</summary>
internal static class BuiltInActivityTestsAccess
{
    public static Task WaitUntil(Func<Task<bool>> condition) => Engine.BuiltInActivityTests.WaitUntil(condition);
}

[Collection(SqliteIntegrationCollection.Name)]
public sealed class WebhooksInOnSqlite(SqliteIntegrationHost host) : WebhooksInTests(host);

[Collection(PostgresIntegrationCollection.Name)]
public sealed class WebhooksInOnPostgres(PostgresIntegrationHost host) : WebhooksInTests(host);
