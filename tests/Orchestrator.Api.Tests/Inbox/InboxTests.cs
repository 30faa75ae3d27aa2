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

/// <summary>The inbox API (docs/inbox.md) as agents and supervisors use it: views, filters, claim, complete, next, bulk.</summary>
public abstract class InboxTests(HostFixture host)
{
    private WorkflowApi Api => host.Api;

    /// <summary>A flow with one task whose title, team, role, priority, due time and form come from the start input.</summary>
    private async Task<string> PublishTaskFlow()
    {
        var id = WorkflowApi.Unique("inbox");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("work", "HumanTask", new()
            {
                ["title"] = Template("{{ input.title }}"),
                ["team"] = Template("{{ input.team }}"),
                ["role"] = Template("{{ input.role }}"),
                ["priority"] = Template("{{ input.priority ?? 'normal' }}"),
                ["dueAt"] = Template("{{ input.dueAt }}"),
                ["outcomes"] = new JsonArray("Done", "Escalate"),
                ["formFields"] = new JsonArray(new JsonObject { ["name"] = "hours", ["label"] = "Hours", ["type"] = "number", ["required"] = true, ["min"] = 0 }),
            })],
            "start.Done→work"));
        return id;
    }

    private async Task<Guid> TaskAsync(string flow, string title, string? team = null, string? role = null, string? priority = null,
        DateTimeOffset? dueAt = null)
    {
        var instance = await Api.StartAsync(flow, new { title, team, role, priority, dueAt = dueAt?.ToString("O") });
        return (await Api.WaitForTaskAsync(instance))["id"]!.GetValue<Guid>();
    }

    private async Task<string> TeamAsync() =>
        (await new DomainApi(host.Client).CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "Inbox team", productLines = new[] { "x" }, regions = new[] { "y" } }))["code"]!.GetValue<string>();

    private static async Task<(HttpResponseMessage Response, JsonArray Rows)> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/tasks?" + query);
        var text = await response.Content.ReadAsStringAsync();
        return (response, response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsArray() : []);
    }

    private static List<Guid> Ids(JsonArray rows) => rows.Select(r => r!["id"]!.GetValue<Guid>()).ToList();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (ifMatch is { } v)
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        return client.SendAsync(request);
    }

    private static async Task<JsonObject> Body(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task Each_view_shows_the_tasks_the_users_team_and_role_allow()
    {
        var flow = await PublishTaskFlow();
        var (east, west) = (await TeamAsync(), await TeamAsync());
        var soon = host.Factory.Clock.GetUtcNow().AddMinutes(30);
        var eastTask = await TaskAsync(flow, "Call back the customer", team: east, role: "agent", dueAt: soon);
        var westTask = await TaskAsync(flow, "Call back the west", team: west, dueAt: soon.AddHours(1));
        var techTask = await TaskAsync(flow, "Bring the spare part", team: east, role: "technician", dueAt: soon.AddDays(2));
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [east]);
        using var bob = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("bob").ToLowerInvariant(), ["Agent"], [west]);
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);

        var (teamAnswer, team) = await ListAsync(ann, "view=team");
        Assert.Equal(HttpStatusCode.OK, teamAnswer.StatusCode);
        Assert.Equal([eastTask, techTask], Ids(team));
        Assert.Equal("2", teamAnswer.Headers.GetValues("X-Total-Count").Single());
        var row = team[0]!;
        Assert.Equal(east, row["team"]!.GetValue<string>());
        Assert.Equal(["Done", "Escalate"], row["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("hours", row["formFields"]![0]!["name"]!.GetValue<string>());
        Assert.InRange(row["slaRemaining"]!.GetValue<long>(), 30 * 60 - 1, 30 * 60);
        Assert.Equal("running", row["slaState"]!.GetValue<string>());
        Assert.True(row["unread"]!.GetValue<bool>());

        var (_, unassigned) = await ListAsync(ann, "view=unassigned");
        Assert.Contains(eastTask, Ids(unassigned));
        Assert.DoesNotContain(westTask, Ids(unassigned));
        Assert.DoesNotContain(techTask, Ids(unassigned)); // a technician's task
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/api/tasks?view=all")).StatusCode);
        var (_, all) = await ListAsync(sue, $"view=all&team={east},{west}");
        Assert.Equal([eastTask, westTask, techTask], Ids(all));
        var (_, breaching) = await ListAsync(ann, "view=breaching-soon");
        Assert.Contains(eastTask, Ids(breaching));
        Assert.DoesNotContain(techTask, Ids(breaching)); // due in two days

        // claiming: it is ann's, bob cannot see it, the technician's task is not hers to take
        var claimed = await Body(await PostAsync(ann, $"/api/tasks/{eastTask}/claim"));
        Assert.StartsWith("ann-", claimed["assignee"]!.GetValue<string>());
        Assert.False(claimed["unread"]!.GetValue<bool>());
        var (_, mine) = await ListAsync(ann, "view=mine");
        Assert.Equal([eastTask], Ids(mine));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/tasks/{eastTask}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, $"/api/tasks/{eastTask}/claim")).StatusCode);
        var refused = await PostAsync(ann, $"/api/tasks/{techTask}/claim");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("technician", (await Body(refused))["detail"]!.GetValue<string>());
        var (_, stillUnassigned) = await ListAsync(ann, "view=unassigned");
        Assert.DoesNotContain(eastTask, Ids(stillUnassigned));

        // filters: text, priority, assignee
        var (_, found) = await ListAsync(sue, $"view=all&team={east}&q=SPARE");
        Assert.Equal([techTask], Ids(found));
        var (_, byAssignee) = await ListAsync(sue, $"view=all&team={east},{west}&assignee=none");
        Assert.Equal([westTask, techTask], Ids(byAssignee));
        var (_, bySort) = await ListAsync(sue, $"view=all&team={east},{west}&sort=-due");
        Assert.Equal([techTask, westTask, eastTask], Ids(bySort));

        // filters: role (any case; none = for no particular role), due before, status
        var (_, technicians) = await ListAsync(sue, $"view=all&team={east},{west}&role=TECHNICIAN");
        Assert.Equal([techTask], Ids(technicians));
        var (_, agentsOrNone) = await ListAsync(sue, $"view=all&team={east},{west}&role=agent,none");
        Assert.Equal([eastTask, westTask], Ids(agentsOrNone));
        var (_, dueSoon) = await ListAsync(sue, $"view=all&team={east},{west}&dueBefore={Uri.EscapeDataString(soon.AddHours(2).ToString("O"))}");
        Assert.Equal([eastTask, westTask], Ids(dueSoon));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(ann, $"/api/tasks/{eastTask}/complete", new { outcome = "Done", data = new { hours = 1 } })).StatusCode);
        await Api.WaitForAsync(await InstanceOfAsync(eastTask), "Completed");
        var (_, open) = await ListAsync(sue, $"view=all&team={east},{west}");
        Assert.Equal([westTask, techTask], Ids(open));
        var (_, completed) = await ListAsync(sue, $"view=all&team={east},{west}&status=Completed");
        Assert.Equal([eastTask], Ids(completed));
        var (_, both) = await ListAsync(sue, $"view=all&team={east},{west}&status=Open,Completed");
        Assert.Equal([eastTask, westTask, techTask], Ids(both));
    }

    private async Task<Guid> InstanceOfAsync(Guid task) =>
        (await Body(await host.Client.GetAsync($"/api/tasks/{task}")))["instanceId"]!.GetValue<Guid>();

    [Fact]
    public async Task Pages_in_due_order_run_from_the_most_urgent_to_the_tasks_without_a_due_time_and_count_every_match()
    {
        var flow = await PublishTaskFlow();
        var team = await TeamAsync();
        var now = host.Factory.Clock.GetUtcNow();
        var later = await TaskAsync(flow, "Check the warranty", team: team, dueAt: now.AddHours(3));
        var undated = await TaskAsync(flow, "Check the serial number", team: team);
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1)); // tasks without a due time go oldest first: not the same instant
        var urgent = await TaskAsync(flow, "Call back the customer", team: team, priority: "urgent", dueAt: now.AddHours(1));
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(1)); // the tasks without a due time follow in the order they were created
        var undatedToo = await TaskAsync(flow, "Call about the spare part", team: team, priority: "urgent");

        var seen = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var (response, rows) = await ListAsync(host.Client, $"view=all&team={team}&pageSize=1&page={page}");
            Assert.Equal("4", response.Headers.GetValues("X-Total-Count").Single());
            seen.AddRange(Ids(rows));
        }
        var (lastAnswer, last) = await ListAsync(host.Client, $"view=all&team={team}&pageSize=3&page=2");
        seen.AddRange(Ids(last));
        Assert.Equal([urgent, later, undated, undatedToo], seen);
        Assert.Equal("4", lastAnswer.Headers.GetValues("X-Total-Count").Single());

        // filters on the task and on the text count what they match
        var (urgentAnswer, urgentRows) = await ListAsync(host.Client, $"view=all&team={team}&priority=urgent&pageSize=1&page=2");
        Assert.Equal([undatedToo], Ids(urgentRows));
        Assert.Equal("2", urgentAnswer.Headers.GetValues("X-Total-Count").Single());
        var (textAnswer, textRows) = await ListAsync(host.Client, $"view=all&team={team}&q=call");
        Assert.Equal([urgent, undatedToo], Ids(textRows));
        Assert.Equal("2", textAnswer.Headers.GetValues("X-Total-Count").Single());
        var (emptyAnswer, emptyRows) = await ListAsync(host.Client, $"view=all&team={team}&pageSize=2&page=3");
        Assert.Empty(emptyRows);
        Assert.Equal("4", emptyAnswer.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Beyond_a_thousand_matches_the_total_says_1000_plus_and_paging_still_knows_the_next_page()
    {
        var team = await TeamAsync();
        var now = host.Factory.Clock.GetUtcNow();
        using (var scope = host.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            db.AddRange(Enumerable.Range(0, 1_001).Select(i => new HumanTaskRecord
            {
                Id = Guid.NewGuid(),
                InstanceId = Guid.NewGuid(),
                ActivityId = "work",
                Title = $"Bulk {i}",
                Team = team,
                Status = HumanTaskStatus.Open,
                DueAt = now.AddMinutes(i),
                CreatedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        var (first, rows) = await ListAsync(host.Client, $"view=all&team={team}&pageSize=100");
        Assert.Equal(("1000+", 100), (first.Headers.GetValues("X-Total-Count").Single(), rows.Count));
        var (tenth, _) = await ListAsync(host.Client, $"view=all&team={team}&pageSize=100&page=10");
        Assert.Equal("1000+", tenth.Headers.GetValues("X-Total-Count").Single());
        // a page that ends beyond the 1,000th match counts to its end: here all 1,001, exactly
        var (last, lastRows) = await ListAsync(host.Client, $"view=all&team={team}&pageSize=100&page=11");
        Assert.Equal(("1001", "Bulk 1000"), (last.Headers.GetValues("X-Total-Count").Single(), lastRows.Single()!["title"]!.GetValue<string>()));
        var (few, _) = await ListAsync(host.Client, $"view=all&team={team}&q=Bulk 99");
        Assert.Equal("11", few.Headers.GetValues("X-Total-Count").Single()); // Bulk 99, 990–999
    }

    [Fact]
    public async Task Bad_list_parameters_are_400_naming_the_parameter()
    {
        foreach (var (query, field) in new[] { ("view=everything", "view"), ("status=Nope", "status"), ("type=Spaceship", "type"),
                     ("priority=extreme", "priority"), ("dueBefore=tomorrow", "dueBefore"), ("sort=colour", "sort"), ("pageSize=1000", "pageSize") })
        {
            var response = await host.Client.GetAsync("/api/tasks?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await Body(response))["errors"]![field]);
        }
    }

    [Fact]
    public async Task Two_concurrent_completions_give_one_202_and_one_409_with_the_task_as_it_is_now()
    {
        var flow = await PublishTaskFlow();
        var team = await TeamAsync();
        var task = await TaskAsync(flow, "Approve the quote", team: team);
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);
        var version = (await Body(await ann.GetAsync($"/api/tasks/{task}")))["version"]!.GetValue<int>();

        var answers = await Task.WhenAll(
            PostAsync(ann, $"/api/tasks/{task}/complete", new { outcome = "Done", data = new { hours = 2 } }, version),
            PostAsync(sue, $"/api/tasks/{task}/complete", new { outcome = "Escalate", data = new { hours = 1 } }, version));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        var conflict = await Body(Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal("Completed", conflict["task"]!["status"]!.GetValue<string>());
        Assert.Equal(version + 1, conflict["task"]!["version"]!.GetValue<int>());
        Assert.NotNull(conflict["task"]!["completedBy"]);
        // and once more from the stale screen
        var again = await PostAsync(ann, $"/api/tasks/{task}/complete", new { outcome = "Done", data = new { hours = 2 } }, version);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already completed", (await Body(again))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_claim_on_a_stale_version_is_409_and_completion_checks_the_form_naming_the_field()
    {
        var flow = await PublishTaskFlow();
        var team = await TeamAsync();
        var task = await TaskAsync(flow, "Report the visit", team: team);
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);
        var claimed = await Body(await PostAsync(ann, $"/api/tasks/{task}/claim", ifMatch: 0));
        Assert.Equal(1, claimed["version"]!.GetValue<int>());
        var stale = await PostAsync(ann, $"/api/tasks/{task}/unclaim", ifMatch: 0);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(1, (await Body(stale))["task"]!["version"]!.GetValue<int>());

        // unclaimed, it is nobody's again and back among the team's tasks to take; claimed again, it is hers
        var unclaimed = await Body(await PostAsync(ann, $"/api/tasks/{task}/unclaim", ifMatch: 1));
        Assert.Equal((null, 2), (unclaimed["assignee"]?.GetValue<string>(), unclaimed["version"]!.GetValue<int>()));
        Assert.Empty(Ids((await ListAsync(ann, "view=mine")).Rows));
        Assert.Contains(task, Ids((await ListAsync(ann, "view=unassigned")).Rows));
        claimed = await Body(await PostAsync(ann, $"/api/tasks/{task}/claim", ifMatch: 2));
        Assert.Equal(3, claimed["version"]!.GetValue<int>());

        var missing = await PostAsync(ann, $"/api/tasks/{task}/complete", new { outcome = "Done", data = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("Hours is required.", (await Body(missing))["errors"]!["data.hours"]![0]!.GetValue<string>());
        var wrong = await PostAsync(ann, $"/api/tasks/{task}/complete", new { outcome = "Done", data = new { hours = "two" } });
        Assert.NotNull((await Body(wrong))["errors"]!["data.hours"]);
        var outcome = await PostAsync(ann, $"/api/tasks/{task}/complete", new { outcome = "Maybe", data = new { hours = 2 } });
        Assert.NotNull((await Body(outcome))["errors"]!["outcome"]);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(ann, $"/api/tasks/{task}/complete", new { outcome = "Done", data = new { hours = 2 } }, 3)).StatusCode);
    }

    [Fact]
    public async Task Next_claims_the_most_urgent_unclaimed_task_the_user_may_take()
    {
        var flow = await PublishTaskFlow();
        var team = await TeamAsync();
        var longAgo = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var later = await TaskAsync(flow, "Second", team: team, dueAt: longAgo.AddHours(2));
        var first = await TaskAsync(flow, "First", team: team, dueAt: longAgo.AddHours(1));
        var notHers = await TaskAsync(flow, "Not hers", team: team, role: "technician", dueAt: longAgo);
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);

        var one = await Body(await PostAsync(ann, "/api/tasks/next"));
        Assert.Equal(first, one["id"]!.GetValue<Guid>());
        Assert.StartsWith("ann-", one["assignee"]!.GetValue<string>());
        Assert.Equal("breached", one["slaState"]!.GetValue<string>());
        var two = await Body(await PostAsync(ann, "/api/tasks/next"));
        Assert.Equal(later, two["id"]!.GetValue<Guid>());
        var row = await Body(await host.Client.GetAsync($"/api/tasks/{notHers}"));
        Assert.Null(row["assignee"]);
    }

    [Fact]
    public async Task Supervisors_reassign_and_bulk_actions_answer_per_task()
    {
        var flow = await PublishTaskFlow();
        var team = await TeamAsync();
        var tasks = new List<Guid>();
        for (var i = 0; i < 3; i++)
            tasks.Add(await TaskAsync(flow, $"Bulk {i}", team: team));
        var annName = WorkflowApi.Unique("ann").ToLowerInvariant();
        using var ann = await host.Factory.CreateUserClientAsync(annName, ["Agent"], [team]);
        using var bob = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("bob").ToLowerInvariant(), ["Agent"], [team]);
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(ann, $"/api/tasks/{tasks[0]}/reassign", new { assignee = annName })).StatusCode);
        var unknown = await PostAsync(sue, $"/api/tasks/{tasks[0]}/reassign", new { assignee = "nobody-at-all" });
        Assert.NotNull((await Body(unknown))["errors"]!["assignee"]);
        await PostAsync(bob, $"/api/tasks/{tasks[2]}/claim");

        var bulk = await Body(await PostAsync(ann, "/api/tasks/bulk", new { action = "claim", ids = tasks }));
        Assert.Equal(2, bulk["succeeded"]!.GetValue<int>());
        var taken = bulk["results"]!.AsArray().Single(r => r!["id"]!.GetValue<Guid>() == tasks[2])!;
        Assert.Equal(409, taken["status"]!.GetValue<int>());
        Assert.Contains("claimed", taken["detail"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(ann, "/api/tasks/bulk", new { action = "reassign", ids = tasks, assignee = annName })).StatusCode);
        var reassigned = await Body(await PostAsync(sue, "/api/tasks/bulk", new { action = "reassign", ids = tasks, assignee = annName }));
        Assert.Equal(3, reassigned["succeeded"]!.GetValue<int>());
        var (_, mine) = await ListAsync(ann, $"view=mine&team={team}");
        Assert.Equal(tasks.Order(), Ids(mine).Order());

        var priority = await Body(await PostAsync(ann, "/api/tasks/bulk", new { action = "priority", ids = tasks.Take(2), priority = "urgent" }));
        Assert.Equal(2, priority["succeeded"]!.GetValue<int>());
        var (_, urgent) = await ListAsync(ann, $"view=mine&priority=urgent,high&team={team}");
        Assert.Equal(tasks.Take(2).Order(), Ids(urgent).Order());
        var badPriority = await PostAsync(ann, "/api/tasks/bulk", new { action = "priority", ids = tasks, priority = "whenever" });
        Assert.NotNull((await Body(badPriority))["errors"]!["priority"]);
    }

    [Fact]
    public async Task A_comment_by_someone_else_marks_the_task_unread()
    {
        var flow = await PublishTaskFlow();
        var team = await TeamAsync();
        var task = await TaskAsync(flow, "Comment me", team: team);
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"], [team]);
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);
        Assert.False((await Body(await PostAsync(ann, $"/api/tasks/{task}/claim")))["unread"]!.GetValue<bool>());

        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var created = await PostAsync(sue, $"/api/tasks/{task}/comment", new { text = "Customer prefers mornings" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True((await Body(await ann.GetAsync($"/api/tasks/{task}")))["unread"]!.GetValue<bool>());
        var comments = JsonNode.Parse(await ann.GetStringAsync($"/api/tasks/{task}/comments"))!.AsArray();
        Assert.Equal("Customer prefers mornings", comments.Single()!["text"]!.GetValue<string>());
        var empty = await PostAsync(ann, $"/api/tasks/{task}/comment", new { text = " " });
        Assert.NotNull((await Body(empty))["errors"]!["text"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InboxOnSqlite(SqliteHost host) : InboxTests(host);

[Collection(PostgresCollection.Name)]
public sealed class InboxOnPostgres(PostgresHost host) : InboxTests(host);
