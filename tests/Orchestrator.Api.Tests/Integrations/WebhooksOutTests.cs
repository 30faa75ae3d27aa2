using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Webhooks;
using StandardWebhooks;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>Subscriptions get task.created / task.completed (and what others publish), signed, retried, dead-lettered, redeliverable.</summary>
public abstract class WebhooksOutTests(IntegrationHost host)
{
    private WorkflowApi Api => host.Api;

    private async Task<(Guid Id, string Secret, string Path)> SubscribeAsync(params string[] events)
    {
        var path = $"/subscriber/{Guid.NewGuid():N}";
        var response = await Api.Http.PostAsJsonAsync("/api/webhooks/subscriptions", new
        {
            url = host.Receiver.BaseUrl + path,
            events,
            description = "ERP",
        });
        var body = await WorkflowApi.Ensure(response);
        return (body["subscription"]!["id"]!.GetValue<Guid>(), body["secret"]!.GetValue<string>(), path);
    }

    /// <summary>Verifies the request with the StandardWebhooks library, as a receiver would.</summary>
    private static JsonObject Verified(ReceivedRequest request, string secret)
    {
        var headers = new HeaderDictionary();
        foreach (var name in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
            headers[name] = request.Headers[name];
        new StandardWebhook(secret).Verify(request.Body, headers);
        return WorkflowApi.Json(request.Body);
    }

    [Fact]
    public async Task Task_created_and_completed_reach_a_subscriber_signed_with_its_secret()
    {
        var (_, secret, path) = await SubscribeAsync(WebhookEvents.TaskCreated, WebhookEvents.TaskCompleted);
        var flow = WorkflowApi.Unique("hooked");
        await Api.PublishAsync(Flow(flow, [A("start", "Start"), A("approve", "HumanTask", Todo("Approve", "Yes", "No"))], "start.Done→approve"));
        var instance = await Api.StartAsync(flow);
        var task = await Api.WaitForTaskAsync(instance);

        var created = Verified((await host.Receiver.WaitForAsync(path, 1))[0], secret);
        Assert.Equal("task.created", created["type"]!.GetValue<string>());
        Assert.Equal(task["id"]!.GetValue<Guid>(), created["data"]!["taskId"]!.GetValue<Guid>());
        Assert.Equal(instance, created["data"]!["instanceId"]!.GetValue<Guid>());

        await WorkflowApi.Ensure(await Api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Yes"));
        var received = await host.Receiver.WaitForAsync(path, 2);
        var completed = Verified(received[1], secret);
        Assert.Equal("task.completed", completed["type"]!.GetValue<string>());
        Assert.Equal("Yes", completed["data"]!["outcome"]!.GetValue<string>());
        Assert.NotEqual(received[0].Headers["webhook-id"], received[1].Headers["webhook-id"]);
    }

    [Fact]
    public async Task A_failing_subscriber_is_retried_then_dead_lettered_and_a_redelivery_keeps_the_webhook_id()
    {
        var (id, secret, path) = await SubscribeAsync(WebhookEvents.SlaWarning);
        host.Receiver.Script(path, Enumerable.Repeat(500, 50).ToArray());
        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContext>();
            Assert.Equal(1, await WebhookPublisher.PublishAsync(db, host.Factory.Clock, WebhookEvents.SlaWarning, "SR-9:80",
                new JsonObject { ["requestNumber"] = "SR-9", ["percentUsed"] = 80 }, CancellationToken.None));
            await db.SaveChangesAsync();
        }

        JsonObject delivery;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/webhooks/subscriptions/{id}/deliveries");
            delivery = page!["items"]![0]!.AsObject();
            if (delivery["status"]!.GetValue<string>() == "Dead")
                break;
            Assert.True(DateTime.UtcNow < deadline, delivery.ToJsonString());
            await host.AdvanceAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
        Assert.Contains("HTTP 500", delivery["lastError"]!.GetValue<string>());
        var attempts = host.Receiver.ReceivedAt(path);
        Assert.Equal(delivery["attempts"]!.GetValue<int>(), attempts.Count);
        Assert.Single(attempts.Select(a => a.Headers["webhook-id"]).Distinct());
        var dead = await Api.Http.GetFromJsonAsync<JsonObject>($"/api/webhooks/subscriptions/{id}/deliveries?status=Dead");
        Assert.Equal(1, dead!["total"]!.GetValue<int>());

        host.Receiver.Script(path);
        var redeliver = await Api.Http.PostAsync($"/api/webhooks/deliveries/{delivery["id"]}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        var all = await host.Receiver.WaitForAsync(path, attempts.Count + 1);
        var last = all[^1];
        Assert.Equal(delivery["webhookId"]!.GetValue<string>(), last.Headers["webhook-id"]);
        Assert.Equal("sla.warning", Verified(last, secret)["type"]!.GetValue<string>());
        await host.WaitForOutboxAsync(r => r["id"]!.GetValue<Guid>() == delivery["id"]!.GetValue<Guid>(), "Delivered");
    }

    [Fact]
    public async Task Subscriptions_to_unknown_events_or_hosts_outside_the_allowlist_are_refused()
    {
        var badHost = await Api.Http.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "https://erp.example.com/hook", events = new[] { "task.created" } });
        Assert.Equal(HttpStatusCode.BadRequest, badHost.StatusCode);
        Assert.Contains("Outbound:AllowedHosts", await badHost.Content.ReadAsStringAsync());
        var badEvent = await Api.Http.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = host.Receiver.BaseUrl + "/x", events = new[] { "task.exploded" } });
        Assert.Equal(HttpStatusCode.BadRequest, badEvent.StatusCode);
        Assert.Contains("task.exploded", await badEvent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync($"/api/webhooks/subscriptions/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.PostAsync($"/api/webhooks/deliveries/{Guid.NewGuid()}/redeliver", null)).StatusCode);

        var (id, secret, _) = await SubscribeAsync(WebhookEvents.RequestClosed);
        var shown = await Api.Http.GetStringAsync($"/api/webhooks/subscriptions/{id}");
        Assert.DoesNotContain(secret, shown);
        var paused = await WorkflowApi.Ensure(await Api.Http.PutAsJsonAsync($"/api/webhooks/subscriptions/{id}", new { active = false }));
        Assert.False(paused["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Http.DeleteAsync($"/api/webhooks/subscriptions/{id}")).StatusCode);
    }
}

[Collection(SqliteIntegrationCollection.Name)]
public sealed class WebhooksOutOnSqlite(SqliteIntegrationHost host) : WebhooksOutTests(host);

[Collection(PostgresIntegrationCollection.Name)]
public sealed class WebhooksOutOnPostgres(PostgresIntegrationHost host) : WebhooksOutTests(host);
