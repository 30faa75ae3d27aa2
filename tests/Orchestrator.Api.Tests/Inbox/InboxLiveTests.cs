using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Inbox;

/// <summary>The task detail and the live stream of the inbox (docs/inbox.md).</summary>
public abstract class InboxLiveTests(HostFixture host)
{
    private WorkflowApi Api => host.Api;

    private async Task<(Guid Task, string Team)> TeamTaskAsync(string title)
    {
        var team = (await new DomainApi(host.Client).CreatedAsync("/api/teams",
            new { code = WorkflowApi.Unique("T"), name = "Live team", productLines = new[] { "x" }, regions = new[] { "y" } }))["code"]!.GetValue<string>();
        var id = WorkflowApi.Unique("live");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("work", "HumanTask", new() { ["title"] = title, ["team"] = team, ["outcomes"] = new JsonArray("Done") })],
            "start.Done→work"));
        var instance = await Api.StartAsync(id);
        return ((await Api.WaitForTaskAsync(instance))["id"]!.GetValue<Guid>(), team);
    }

    [Fact]
    public async Task The_detail_shows_request_customer_product_warranty_sla_history_and_knowledge_and_marks_the_task_read()
    {
        var records = new DomainApi(host.Client);
        var line = WorkflowApi.Unique("line");
        await records.CreatedAsync("/api/knowledge", new
        {
            title = "Unit flooded after a storm",
            symptom = "The outdoor unit was flooded in a storm and does not start.",
            solution = "Dry the unit for 48 hours, check the control board for corrosion, then test.",
            language = "en",
        });
        var customer = DomainApi.Id(await records.CustomerAsync(name: "明珠酒店"));
        var model = DomainApi.Id(await records.ModelAsync(line));
        var today = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);
        var product = await records.ProductAsync(customer, model, today.AddDays(-90).ToString("yyyy-MM-dd"), exclusions: ["AccidentOrForceMajeure"]);
        var serial = product["serialNumber"]!.GetValue<string>();
        var opened = await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/requests", new
        {
            type = "inWarrantyRepair",
            customer = new { id = customer },
            serialNumber = serial,
            symptom = "Flooded in the storm, does not start.",
        }));
        var task = (await Api.WaitForTaskAsync(opened["instanceId"]!.GetValue<Guid>(), "notCovered"))["id"]!.GetValue<Guid>();
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"]);

        var row = JsonNode.Parse(await ann.GetStringAsync($"/api/tasks/{task}"))!;
        Assert.Equal(opened["number"]!.GetValue<string>(), row["requestNumber"]!.GetValue<string>());
        Assert.NotNull(row["requestType"]); // the flow re-types a request its warranty does not cover
        Assert.Equal("明珠酒店", row["customerName"]!.GetValue<string>());
        Assert.Contains(serial, row["productName"]!.GetValue<string>());
        Assert.True(row["unread"]!.GetValue<bool>());
        // the list's rows carry the same names (read with the page's requests in one look-up)
        var listed = JsonNode.Parse(await host.Client.GetStringAsync($"/api/tasks?view=all&instanceId={opened["instanceId"]}"))!.AsArray().Single()!;
        Assert.Equal(("明珠酒店", row["productName"]!.GetValue<string>(), opened["number"]!.GetValue<string>()),
            (listed["customerName"]!.GetValue<string>(), listed["productName"]!.GetValue<string>(), listed["requestNumber"]!.GetValue<string>()));

        var detail = JsonNode.Parse(await ann.GetStringAsync($"/api/tasks/{task}/detail"))!;
        Assert.Equal(opened["number"]!.GetValue<string>(), detail["request"]!["number"]!.GetValue<string>());
        Assert.Equal("明珠酒店", detail["customer"]!["name"]!.GetValue<string>());
        Assert.Equal(serial, detail["product"]!["serialNumber"]!.GetValue<string>());
        Assert.Equal("NotCovered", detail["product"]!["warranty"]!["remedy"]!.GetValue<string>());
        Assert.Equal(opened["number"]!.GetValue<string>(), detail["sla"]!["number"]!.GetValue<string>());
        Assert.Contains(detail["history"]!.AsArray(), h => h!["activityId"]!.GetValue<string>() == "notCovered");
        Assert.Equal("Unit flooded after a storm", detail["suggestions"]![0]!["title"]!.GetValue<string>());
        Assert.False(JsonNode.Parse(await ann.GetStringAsync($"/api/tasks/{task}"))!["unread"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/tasks/{Guid.NewGuid()}/detail")).StatusCode);
    }

    [Fact]
    public async Task A_completion_in_another_client_reaches_an_open_stream_and_a_rolled_back_change_never_does()
    {
        var (task, team) = await TeamTaskAsync("Watch me");
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);
        await using var stream = await EventStream.OpenAsync(ann);

        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var row = await db.Set<HumanTaskRecord>().FirstAsync(t => t.Id == task);
            row.Assignee = "ghost";
            row.Version++;
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await WorkflowApi.Ensure(await sue.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "Done" }));

        var e = await stream.NextAsync(task);
        Assert.Equal("task.completed", e.Type); // not the claim by "ghost" that rolled back
        Assert.Equal("Completed", e.Data["status"]!.GetValue<string>());
        Assert.StartsWith("sue-", e.Data["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stream_reconnecting_with_Last_Event_ID_gets_what_it_missed_and_others_do_not_see_other_teams_tasks()
    {
        var (task, team) = await TeamTaskAsync("Reconnect");
        var (otherTask, _) = await TeamTaskAsync("Another team's");
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);
        string lastId;
        await using (var first = await EventStream.OpenAsync(ann))
        {
            await WorkflowApi.Ensure(await ann.PostAsync($"/api/tasks/{task}/claim", null));
            var claimed = await first.NextAsync(task);
            Assert.Equal("task.claimed", claimed.Type);
            lastId = claimed.Id;
        }
        await WorkflowApi.Ensure(await sue.PostAsJsonAsync($"/api/tasks/{otherTask}/complete", new { outcome = "Done" }));
        await WorkflowApi.Ensure(await ann.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "Done" }));

        await using var again = await EventStream.OpenAsync(ann, lastId);
        var missed = await again.NextAsync(null);
        Assert.Equal(("task.completed", task), (missed.Type, missed.Data["taskId"]!.GetValue<Guid>())); // not the other team's task

        await using var lost = await EventStream.OpenAsync(ann, "someotherepoch-12");
        Assert.Equal("reset", (await lost.NextAsync(null)).Type);
    }
}

/// <summary>An open <c>GET /api/tasks/stream</c>, read event by event.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public static async Task<EventStream> OpenAsync(HttpClient client, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event (of this task, when given), within 10 s.</summary>
    public async Task<(string Id, string Type, JsonObject Data)> NextAsync(Guid? task)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.StartsWith("id: ")) id = line[4..];
            else if (line.StartsWith("event: ")) type = line[7..];
            else if (line.StartsWith("data: ")) data = line[6..];
            else if (line.Length == 0 && type is not null)
            {
                var json = JsonNode.Parse(data ?? "{}")!.AsObject();
                if (task is null || type == "reset" || json["taskId"]?.GetValue<Guid>() == task)
                    return (id ?? "", type, json);
                (id, type, data) = (null, null, null);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InboxLiveOnSqlite(SqliteHost host) : InboxLiveTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InboxLiveOnPostgres(PostgresHost host) : InboxLiveTests(host);
