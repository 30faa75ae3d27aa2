using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>SendEmail goes through the outbox to a real SMTP server (netDumbster, in this process).</summary>
public abstract class EmailTests(IntegrationHost host)
{
    private WorkflowApi Api => host.Api;

    /// <summary>The messages netDumbster received whose Message-Id is <paramref name="messageId"/>, parsed by MimeKit.</summary>
    private async Task<List<MimeMessage>> ReceivedAsync(string messageId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = host.Smtp.ReceivedEmail
                .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
                .Where(m => "<" + m.MessageId + ">" == messageId).ToList();
            if (found.Count >= count)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} messages with Message-Id {messageId} arrived, not {count}.");
            await Task.Delay(50);
        }
    }

    private async Task<(Guid Instance, string MessageId)> RunAsync(JsonObject inputs, object input)
    {
        var id = WorkflowApi.Unique("mail");
        await Api.PublishAsync(Flow(id, [A("start", "Start"), A("mail", "SendEmail", inputs)], "start.Done→mail"));
        var instance = await Api.StartAsync(id, input);
        var done = await Api.WaitForAsync(instance, "Completed");
        return (instance, done["outputs"]!["mail"]!["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_flow_sends_its_rendered_email_over_SMTP_and_a_redelivery_keeps_the_Message_Id()
    {
        var (instance, messageId) = await RunAsync(new()
        {
            ["to"] = Template("{{ input.email }}"),
            ["subject"] = Template("Request {{ input.number }} received"),
            ["body"] = Template("Dear {{ input.name }}, we are on it."),
        }, new { email = "wang.wei@example.com", number = "SR-1001", name = "王伟" });

        var first = Assert.Single(await ReceivedAsync(messageId, 1));
        Assert.Equal("Request SR-1001 received", first.Subject);
        Assert.Equal("Dear 王伟, we are on it.", first.TextBody!.Trim());
        Assert.Equal("wang.wei@example.com", first.To.Mailboxes.Single().Address);
        Assert.Equal("service@orchestrator.test", first.From.Mailboxes.Single().Address);

        var row = await host.WaitForOutboxAsync(r => r["instanceId"]?.GetValue<Guid>() == instance, "Delivered");
        var redeliver = await Api.Http.PostAsync($"/api/outbox/{row["id"]}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        var both = await ReceivedAsync(messageId, 2);
        Assert.Equal(first.Subject, both[1].Subject);
        Assert.Equal(first.TextBody, both[1].TextBody);
    }

    [Fact]
    public async Task A_stored_template_is_rendered_in_the_requested_language_and_frozen_for_redeliveries()
    {
        var name = WorkflowApi.Unique("tpl");
        var saved = await Api.Http.PutAsJsonAsync($"/api/email-templates/{name}", new
        {
            locale = "zh-CN",
            subject = "服务请求 {{ model.requestNumber }} 已受理",
            body = "尊敬的 {{ model.customerName }}：您的请求已受理。",
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var (instance, messageId) = await RunAsync(new() { ["to"] = "li.na@example.com", ["subject"] = "-", ["body"] = "-", ["template"] = name },
            new { customerName = "李娜", requestNumber = "SR-2002", locale = "zh-CN" });

        var sent = Assert.Single(await ReceivedAsync(messageId, 1));
        Assert.Equal("服务请求 SR-2002 已受理", sent.Subject);
        Assert.Equal("尊敬的 李娜：您的请求已受理。", sent.TextBody!.Trim());

        // a new version changes what new messages say, not what a redelivery of this one says
        await WorkflowApi.Ensure(await Api.Http.PutAsJsonAsync($"/api/email-templates/{name}", new
        {
            locale = "zh-CN",
            subject = "新版本 {{ model.requestNumber }}",
            body = "v2",
        }));
        var row = await host.WaitForOutboxAsync(r => r["instanceId"]?.GetValue<Guid>() == instance, "Delivered");
        Assert.Equal(1, row["payload"]!["rendered"]!["version"]!.GetValue<int>());
        await WorkflowApi.Ensure(await Api.Http.PostAsync($"/api/outbox/{row["id"]}/redeliver", null));
        var again = await ReceivedAsync(messageId, 2);
        Assert.All(again, m => Assert.Equal("服务请求 SR-2002 已受理", m.Subject));
    }

    [Fact]
    public async Task The_shipped_templates_exist_in_English_and_Chinese_and_render()
    {
        var all = (await Api.Http.GetFromJsonAsync<JsonArray>("/api/email-templates"))!;
        foreach (var name in new[] { "request-received", "technician-appointment", "quote", "solution-proposal", "survey-invitation", "sla-warning" })
            foreach (var locale in new[] { "en", "zh-CN" })
            {
                Assert.Contains(all, t => t!["name"]!.GetValue<string>() == name && t["locale"]!.GetValue<string>() == locale);
                var preview = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/email-templates/{name}/preview", new
                {
                    locale,
                    model = new
                    {
                        customerName = "Ada",
                        requestNumber = "SR-7",
                        total = 120,
                        currency = "EUR",
                        lines = new[] { new { description = "Pump", amount = 120 } },
                    },
                }));
                Assert.Contains("SR-7", preview["subject"]!.GetValue<string>());
            }
        var quote = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/email-templates/quote/preview", new
        {
            model = new { lines = new[] { new { description = "Drain pump", amount = 80 } }, total = 80, currency = "EUR" },
        }));
        Assert.Contains("- Drain pump: 80 EUR", quote["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Templates_keep_their_versions_and_bad_ones_are_refused_with_the_field_named()
    {
        var name = WorkflowApi.Unique("ver");
        await WorkflowApi.Ensure(await Api.Http.PutAsJsonAsync($"/api/email-templates/{name}", new { subject = "one", body = "1" }));
        await WorkflowApi.Ensure(await Api.Http.PutAsJsonAsync($"/api/email-templates/{name}", new { subject = "two", body = "2" }));
        var versions = (await Api.Http.GetFromJsonAsync<JsonArray>($"/api/email-templates/{name}/versions"))!;
        Assert.Equal([2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal("one", (await Api.Http.GetFromJsonAsync<JsonObject>($"/api/email-templates/{name}/versions/1"))!["subject"]!.GetValue<string>());
        Assert.Equal("two", (await Api.Http.GetFromJsonAsync<JsonObject>($"/api/email-templates/{name}"))!["subject"]!.GetValue<string>());

        var broken = await Api.Http.PutAsJsonAsync($"/api/email-templates/{name}", new { subject = "ok", body = "Dear {{ for }} {{ model.name }}" });
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("\"body\"", await broken.Content.ReadAsStringAsync());
        var badName = await Api.Http.PutAsJsonAsync("/api/email-templates/Bad%20Name", new { subject = "s", body = "b", locale = "english!" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var text = await badName.Content.ReadAsStringAsync();
        Assert.Contains("\"name\"", text);
        Assert.Contains("\"locale\"", text);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync("/api/email-templates/no-such-template")).StatusCode);
        var notJson = await Api.Http.PutAsync($"/api/email-templates/{name}", new StringContent("{", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(2, (await Api.Http.GetFromJsonAsync<JsonArray>($"/api/email-templates/{name}/versions"))!.Count);
    }

    [Fact]
    public async Task An_impossible_recipient_is_dead_lettered_at_once_with_the_reason()
    {
        var (instance, _) = await RunAsync(new() { ["to"] = "not an address", ["subject"] = "s", ["body"] = "b" }, new { });
        var dead = await host.WaitForOutboxAsync(r => r["instanceId"]?.GetValue<Guid>() == instance, "Dead");
        Assert.Contains("not a list of email addresses", dead["lastError"]!.GetValue<string>());
    }
}

[Collection(SqliteIntegrationCollection.Name)]
public sealed class EmailOnSqlite(SqliteIntegrationHost host) : EmailTests(host);

[Collection(PostgresIntegrationCollection.Name)]
public sealed class EmailOnPostgres(PostgresIntegrationHost host) : EmailTests(host);

public sealed class SmtpConfigurationTests
{
    [Fact]
    public async Task A_host_with_an_SMTP_server_but_no_sender_refuses_to_start_with_a_sentence()
    {
        await using var database = new SqliteTestDatabase();
        await using var factory = new OrchestratorFactory(database, new Dictionary<string, string?> { ["Smtp:Host"] = "mail.example.com" });
        var e = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Smtp:From", e.ToString());
    }
}
