using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Runtime;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>The HttpRequest activity's call goes through the outbox: after commit, retried, and only where allowed.</summary>
public abstract class HttpRequestDeliveryTests(IntegrationHost host)
{
    private WorkflowApi Api => host.Api;

    private async Task<string> PublishCallFlowAsync(string url)
    {
        var id = WorkflowApi.Unique("call");
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"),
                A("call", "HttpRequest", new() { ["url"] = url, ["body"] = Expr("{ order: input.order }") }),
                A("ok", "SetVariable", new() { ["name"] = "echoed", ["value"] = Expr("outputs.call.body.echo.order") }),
                A("failed", "SetVariable", new() { ["name"] = "failure", ["value"] = Expr("outputs.call") }),
            ],
            "start.Done→call", "call.Success→ok", "call.Failed→failed"));
        return id;
    }

    private static Func<JsonObject, bool> For(Guid instance) =>
        r => r["instanceId"]?.GetValue<Guid>() == instance && r["channel"]!.GetValue<string>() == "http";

    [Fact]
    public async Task A_call_is_made_after_commit_and_its_answer_resumes_the_flow_on_Success()
    {
        var path = $"/ok/{Guid.NewGuid():N}";
        var flow = await PublishCallFlowAsync(host.Receiver.BaseUrl + path);

        var instance = await Api.StartAsync(flow, new { order = "SO-1001" });
        var done = await Api.WaitForAsync(instance, "Completed");

        Assert.Equal("SO-1001", done["variables"]!["echoed"]!.GetValue<string>());
        Assert.Equal(200, done["outputs"]!["call"]!["status"]!.GetValue<int>());
        var request = Assert.Single(host.Receiver.ReceivedAt(path));
        Assert.Equal("POST", request.Method);
        Assert.Equal("""{"order":"SO-1001"}""", request.Body);
        Assert.StartsWith($"http:{instance:N}:", request.Headers["idempotency-key"]);
        var row = await host.WaitForOutboxAsync(For(instance), "Delivered");
        Assert.Equal(1, row["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_call_still_in_flight_when_its_lease_runs_out_is_not_sent_again_by_the_same_host()
    {
        var path = $"/slow/{Guid.NewGuid():N}";
        var release = host.Receiver.Hold(path);
        var flow = await PublishCallFlowAsync(host.Receiver.BaseUrl + path);

        var instance = await Api.StartAsync(flow, new { order = "SO-7" });
        await host.Receiver.WaitForAsync(path, 1);
        // the clock passes the claim's lease while the receiver still holds the first call; the next claim takes the row again
        var advancing = host.AdvanceAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(300);
        release();
        await advancing;

        await host.WaitForOutboxAsync(For(instance), "Delivered");
        await Api.WaitForAsync(instance, "Completed");
        Assert.Single(host.Receiver.ReceivedAt(path));
    }

    [Fact]
    public async Task Failures_are_retried_with_backoff_and_the_same_idempotency_key()
    {
        var path = $"/flaky/{Guid.NewGuid():N}";
        host.Receiver.Script(path, 503, 500);
        var flow = await PublishCallFlowAsync(host.Receiver.BaseUrl + path);

        var instance = await Api.StartAsync(flow, new { order = "SO-2" });
        await host.Receiver.WaitForAsync(path, 1);
        // the first failure is written with its error; the row is Pending from the start, so wait for the error too
        var pending = await host.WaitForOutboxAsync(r => For(instance)(r) && r["lastError"] is not null, "Pending");
        Assert.Contains("503", pending["lastError"]!.GetValue<string>());
        Assert.Equal("Suspended", await Api.StatusAsync(instance));

        var row = await host.WaitForOutboxAsync(For(instance), "Delivered", step: TimeSpan.FromSeconds(2));
        await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(3, row["attempts"]!.GetValue<int>());
        var requests = host.Receiver.ReceivedAt(path);
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Headers["idempotency-key"]).Distinct());
        Assert.Contains("ok:Done", await Api.TraceAsync(instance));
    }

    [Fact]
    public async Task When_the_retries_run_out_the_flow_takes_Failed_and_the_message_is_a_visible_dead_letter()
    {
        var path = $"/down/{Guid.NewGuid():N}";
        host.Receiver.Script(path, Enumerable.Repeat(503, 50).ToArray());
        var flow = await PublishCallFlowAsync(host.Receiver.BaseUrl + path);

        var instance = await Api.StartAsync(flow, new { order = "SO-3" });
        var dead = await host.WaitForOutboxAsync(For(instance), "Dead", step: TimeSpan.FromSeconds(5));
        var done = await Api.WaitForAsync(instance, "Completed");

        Assert.Contains("failed:Done", await Api.TraceAsync(instance));
        Assert.Equal(503, done["variables"]!["failure"]!["status"]!.GetValue<int>());
        Assert.Contains("Gave up after", dead["lastError"]!.GetValue<string>());
        Assert.True(host.Receiver.ReceivedAt(path).Count >= 3);
        var deadLetters = await Api.Http.GetFromJsonAsync<JsonObject>("/api/outbox?status=Dead&channel=http&pageSize=200");
        Assert.Contains(deadLetters!["items"]!.AsArray(), r => r!["id"]!.GetValue<Guid>() == dead["id"]!.GetValue<Guid>());

        // redelivered by hand: the same key, a fresh retry window; the flow, already resumed, is not resumed twice
        host.Receiver.Script(path);
        var redeliver = await Api.Http.PostAsync($"/api/outbox/{dead["id"]}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        var delivered = await host.WaitForOutboxAsync(r => r["id"]!.GetValue<Guid>() == dead["id"]!.GetValue<Guid>(), "Delivered");
        Assert.Equal(1, delivered["attempts"]!.GetValue<int>());
        Assert.Single(await Api.TraceAsync(instance), t => t.StartsWith("call:"));
    }

    [Fact]
    public async Task A_4xx_answer_is_final_and_takes_Failed_at_once()
    {
        var path = $"/missing/{Guid.NewGuid():N}";
        host.Receiver.Script(path, 404);
        var flow = await PublishCallFlowAsync(host.Receiver.BaseUrl + path);
        var instance = await Api.StartAsync(flow, new { order = "SO-4" });
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(404, done["variables"]!["failure"]!["status"]!.GetValue<int>());
        Assert.Single(host.Receiver.ReceivedAt(path));
    }

    [Fact]
    public async Task A_host_outside_the_allowlist_is_never_called_and_the_flow_takes_Failed()
    {
        var flow = await PublishCallFlowAsync("http://internal.example.invalid/admin");
        var instance = await Api.StartAsync(flow, new { order = "SO-5" });
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Contains("Outbound:AllowedHosts", done["variables"]!["failure"]!["error"]!.GetValue<string>());
        var dead = await host.WaitForOutboxAsync(For(instance), "Dead");
        Assert.Equal(1, dead["attempts"]!.GetValue<int>());
    }

    [Fact]
    public void The_host_DbContext_wakes_the_deliverer_after_a_commit()
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContext>();
        var core = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!;
        Assert.Contains(core.Interceptors!, i => i is OutboxSignalInterceptor);
    }

    [Fact]
    public async Task Redelivering_a_pending_or_unknown_message_is_a_problem_not_a_500()
    {
        var unknown = await Api.Http.PostAsync($"/api/outbox/{Guid.NewGuid()}/redeliver", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var badStatus = await Api.Http.GetAsync("/api/outbox?status=Lost");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }
}

[Collection(SqliteIntegrationCollection.Name)]
public sealed class HttpRequestDeliveryOnSqlite(SqliteIntegrationHost host) : HttpRequestDeliveryTests(host);

[Collection(PostgresIntegrationCollection.Name)]
public sealed class HttpRequestDeliveryOnPostgres(PostgresIntegrationHost host) : HttpRequestDeliveryTests(host);
