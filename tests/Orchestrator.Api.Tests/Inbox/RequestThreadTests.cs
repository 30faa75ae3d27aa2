using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Inbox;

/// <summary>
/// A request's comment thread (written on its tasks and on its page, shown beside each task) and the tasks done on it —
/// who completed each, with which outcome, when (docs/inbox.md, docs/workspace.md).
/// </summary>
public abstract class RequestThreadTests(HostFixture host)
{
    /// <summary>An installation on a product line no team serves: its flow waits on a dispatcher's task (outcome Retry).</summary>
    private async Task<(string Number, Guid TaskId)> RequestWithATaskAsync()
    {
        var domain = new DomainApi(host.Client);
        var model = await domain.CreatedAsync("/api/product-models", new { modelCode = WorkflowApi.Unique("M"), name = "Heat pump", productLine = WorkflowApi.Unique("line") });
        var customer = await domain.CreatedAsync("/api/customers", new { code = WorkflowApi.Unique("C"), name = "Thread customer", region = WorkflowApi.Unique("R") });
        var accepted = await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/requests", new
        {
            type = "installation",
            customer = new { id = customer["id"]!.GetValue<Guid>() },
            serialNumber = WorkflowApi.Unique("SN"),
            model = model["modelCode"]!.GetValue<string>(),
        }));
        var task = await host.Api.WaitForTaskAsync(accepted["instanceId"]!.GetValue<Guid>());
        return (accepted["number"]!.GetValue<string>(), task["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Comments_on_a_task_and_on_its_request_are_one_thread_beside_each_task_and_on_the_request()
    {
        var (number, taskId) = await RequestWithATaskAsync();
        var sueName = WorkflowApi.Unique("sue").ToLowerInvariant();
        using var sue = await host.Factory.CreateUserClientAsync(sueName, ["Supervisor"]);
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"]);

        var onTask = await sue.PostAsJsonAsync($"/api/tasks/{taskId}/comment", new { text = "Customer prefers mornings" });
        Assert.Equal(HttpStatusCode.Created, onTask.StatusCode);
        var first = JsonNode.Parse(await onTask.Content.ReadAsStringAsync())!;
        Assert.NotNull(first["requestId"]);
        host.Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var onRequest = await ann.PostAsJsonAsync($"/api/requests/{number.ToLowerInvariant()}/comments", new { text = "  她下午三点后在家  " });
        Assert.Equal(HttpStatusCode.Created, onRequest.StatusCode);

        // the request's thread: both, oldest first, with their authors, the task the first was written on, and when
        using var later = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("bo").ToLowerInvariant(), ["Analyst"]);
        var thread = JsonNode.Parse(await later.GetStringAsync($"/api/requests/{number}/comments"))!.AsArray();
        Assert.Equal(["Customer prefers mornings", "她下午三点后在家"], thread.Select(c => c!["text"]!.GetValue<string>()));
        Assert.Equal(sueName, thread[0]!["author"]!.GetValue<string>());
        Assert.Equal(sueName, thread[0]!["authorName"]!.GetValue<string>());
        Assert.Equal(taskId, thread[0]!["taskId"]!.GetValue<Guid>());
        Assert.False(string.IsNullOrEmpty(thread[0]!["taskTitle"]!.GetValue<string>()));
        Assert.Null(thread[1]!["taskId"]);
        var apart = thread[1]!["createdAt"]!.GetValue<DateTimeOffset>() - thread[0]!["createdAt"]!.GetValue<DateTimeOffset>();
        Assert.True((apart - TimeSpan.FromMinutes(3)).Duration() < TimeSpan.FromMilliseconds(1), $"{apart}"); // PostgreSQL keeps microseconds

        // beside the task: the same thread, in its detail and its comments
        var detail = JsonNode.Parse(await sue.GetStringAsync($"/api/tasks/{taskId}/detail"))!;
        Assert.Equal(2, detail["comments"]!.AsArray().Count);
        Assert.Equal(2, JsonNode.Parse(await sue.GetStringAsync($"/api/tasks/{taskId}/comments"))!.AsArray().Count);

        // bad input names the field; an unknown request is a 404; reading is not writing
        var blank = await ann.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.NotNull(JsonNode.Parse(await blank.Content.ReadAsStringAsync())!["errors"]!["text"]);
        var tooLong = await ann.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = new string('x', 4001) });
        Assert.NotNull(JsonNode.Parse(await tooLong.Content.ReadAsStringAsync())!["errors"]!["text"]);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.PostAsJsonAsync("/api/requests/SR-1999-000001/comments", new { text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync("/api/requests/SR-1999-000001/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await later.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = "hi" })).StatusCode);
        Assert.Equal(2, JsonNode.Parse(await ann.GetStringAsync($"/api/requests/{number}/comments"))!.AsArray().Count);
    }

    [Fact]
    public async Task Comments_others_wrote_since_the_user_last_read_the_thread_are_new_to_them_in_any_session()
    {
        var (number, taskId) = await RequestWithATaskAsync();
        var sueName = WorkflowApi.Unique("sue").ToLowerInvariant();
        using var sue = await host.Factory.CreateUserClientAsync(sueName, ["Supervisor"]);
        var annName = WorkflowApi.Unique("ann").ToLowerInvariant();
        using var ann = await host.Factory.CreateUserClientAsync(annName, ["Agent"]);
        static async Task<Dictionary<string, bool>> New(HttpClient client, string path) =>
            JsonNode.Parse(await client.GetStringAsync(path))!.AsArray()
                .ToDictionary(c => c!["text"]!.GetValue<string>(), c => c!["isNew"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.Created, (await sue.PostAsJsonAsync($"/api/tasks/{taskId}/comment", new { text = "Sue 1" })).StatusCode);
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = "Ann 1" })).StatusCode);

        // the task's detail flags what is new to Sue (never her own) without marking it: the thread beside it does
        var detail = JsonNode.Parse(await sue.GetStringAsync($"/api/tasks/{taskId}/detail"))!["comments"]!.AsArray();
        Assert.Equal([false, true], detail.Select(c => c!["isNew"]!.GetValue<bool>()));
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = false, ["Ann 1"] = true }, await New(sue, $"/api/tasks/{taskId}/comments"));
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = false, ["Ann 1"] = false }, await New(sue, $"/api/tasks/{taskId}/comments"));
        // the task's thread and the request's page are one thread, read once
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = false, ["Ann 1"] = false }, await New(sue, $"/api/requests/{number}/comments"));

        // Ann never read it: Sue's comment is new to her, hers never; someone who never read it sees both as new
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = true, ["Ann 1"] = false }, await New(ann, $"/api/requests/{number}/comments"));
        using var bo = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("bo").ToLowerInvariant(), ["Analyst"]);
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = true, ["Ann 1"] = true }, await New(bo, $"/api/requests/{number.ToLowerInvariant()}/comments"));

        // Ann writes again; Sue signs in anew (another session): only that one is new, and reading it marks it read
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = "Ann 2" })).StatusCode);
        using var sueAgain = await host.Factory.LoginAsync(sueName, $"password-of-{sueName}");
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = false, ["Ann 1"] = false, ["Ann 2"] = true }, await New(sueAgain, $"/api/requests/{number}/comments"));
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = false, ["Ann 1"] = false, ["Ann 2"] = false }, await New(sue, $"/api/tasks/{taskId}/comments"));
        Assert.Equal(new Dictionary<string, bool> { ["Sue 1"] = false, ["Ann 1"] = false, ["Ann 2"] = false }, await New(ann, $"/api/requests/{number}/comments"));
    }

    [Fact]
    public async Task A_comment_by_someone_else_on_the_request_page_marks_its_open_task_unread()
    {
        var (number, taskId) = await RequestWithATaskAsync();
        using var sue = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("sue").ToLowerInvariant(), ["Supervisor"]);
        using var ann = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("ann").ToLowerInvariant(), ["Agent"]);
        async Task<bool> Unread() => JsonNode.Parse(await sue.GetStringAsync($"/api/tasks/{taskId}"))!["unread"]!.GetValue<bool>();
        await sue.GetStringAsync($"/api/tasks/{taskId}/detail");
        Assert.False(await Unread());

        // her own comment on the request's page does not count; someone else's does, until she opens the task again
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await sue.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = "Called the customer" })).StatusCode);
        Assert.False(await Unread());
        host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync($"/api/requests/{number}/comments", new { text = "She called back" })).StatusCode);
        Assert.True(await Unread());
        await sue.GetStringAsync($"/api/tasks/{taskId}/detail");
        Assert.False(await Unread());
    }

    [Fact]
    public async Task The_request_shows_each_task_done_with_who_completed_it_the_outcome_and_when()
    {
        var (number, taskId) = await RequestWithATaskAsync();
        var sueName = WorkflowApi.Unique("sue").ToLowerInvariant();
        using var sue = await host.Factory.CreateUserClientAsync(sueName, ["Supervisor"]);
        var before = JsonNode.Parse(await sue.GetStringAsync($"/api/requests/{number}"))!;
        Assert.Empty(before["doneTasks"]!.AsArray());
        Assert.Contains(before["openTasks"]!.AsArray(), t => t!["id"]!.GetValue<Guid>() == taskId);

        host.Factory.Clock.Advance(TimeSpan.FromMinutes(7));
        var at = host.Factory.Clock.GetUtcNow();
        var completed = await sue.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = "Retry" });
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);

        var after = JsonNode.Parse(await sue.GetStringAsync($"/api/requests/{number}"))!;
        var done = Assert.Single(after["doneTasks"]!.AsArray(), t => t!["id"]!.GetValue<Guid>() == taskId)!;
        Assert.Equal("task", done["kind"]!.GetValue<string>());
        Assert.Equal("Completed", done["status"]!.GetValue<string>());
        Assert.Equal("Retry", done["outcome"]!.GetValue<string>());
        Assert.Equal(sueName, done["completedBy"]!.GetValue<string>());
        Assert.Equal(sueName, done["completedByName"]!.GetValue<string>());
        Assert.True((done["completedAt"]!.GetValue<DateTimeOffset>() - at).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(after["openTasks"]!.AsArray(), t => t!["id"]!.GetValue<Guid>() == taskId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestThreadOnSqlite(SqliteHost host) : RequestThreadTests(host);

[Collection(PostgresCollection.Name)]
public sealed class RequestThreadOnPostgres(PostgresHost host) : RequestThreadTests(host);
