using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Engine;

public abstract class ConcurrencyTests(HostFixture host)
{
    private WorkflowApi Api => host.Api;

    private async Task<string> PublishApproval()
    {
        var id = WorkflowApi.Unique("race");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("approve", "HumanTask", Flows.Todo("Approve", "Yes", "No")),
             A("count", "SetVariable", new() { ["name"] = "after", ["value"] = Expr("(vars.after ?? 0) + 1") })],
            "start.Done→approve", "approve.Yes→count", "approve.No→count"));
        return id;
    }

    [Fact]
    public async Task Eight_threads_completing_one_task_resume_the_flow_once_and_seven_get_409()
    {
        var id = await PublishApproval();
        var instance = await Api.StartAsync(id);
        var taskId = (await Api.WaitForTaskAsync(instance))["id"]!.GetValue<Guid>();

        using var gate = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, 8).Select(async i =>
        {
            using var client = host.Factory.CreateClient();
            await gate.WaitAsync();
            return await client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome = i % 2 == 0 ? "Yes" : "No" });
        }).ToList();
        gate.Release(8);
        var answers = await Task.WhenAll(racers);

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var conflict = await answers.First(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(taskId, conflict!["task"]!["id"]!.GetValue<Guid>());
        Assert.Equal("Completed", conflict["task"]!["status"]!.GetValue<string>());
        var done = await Api.WaitForAsync(instance, "Completed");
        Assert.Equal(1, done["variables"]!["after"]!.GetValue<int>());
        Assert.Single(await Api.TraceAsync(instance), t => t.StartsWith("count:"));
    }

    [Fact]
    public async Task The_stimuli_of_one_instance_take_effect_in_the_order_they_were_accepted()
    {
        // three waits side by side; each event, when it arrives, appends its letter to one variable
        var id = WorkflowApi.Unique("order");
        var letters = new[] { "x", "y", "z" };
        await Api.PublishAsync(Flow(id,
            [
                A("start", "Start"), A("fork", "Fork"), A("join", "Join", new() { ["mode"] = "WaitAll" }),
                .. letters.SelectMany(l => new[]
                {
                    A($"wait{l}", "WaitForEvent", new() { ["event"] = $"order.{l}", ["correlationKey"] = Template("{{ input.key }}") }),
                    A($"seen{l}", "SetVariable", new() { ["name"] = "seen", ["value"] = Expr($"(vars.seen ?? '') + '{l}'") }),
                }),
            ],
            ["start.Done→fork", .. letters.SelectMany(l => new[] { $"fork.Branch→wait{l}", $"wait{l}.Done→seen{l}", $"seen{l}.Done→join" })]));
        var keys = Enumerable.Range(0, 12).Select(_ => WorkflowApi.Unique("k")).ToList();
        var instances = new List<Guid>();
        foreach (var key in keys)
            instances.Add(await Api.StartAsync(id, new { key }));
        foreach (var instance in instances)
            await Api.WaitForAsync(instance, "Suspended");

        // each instance gets z, x, y one after the other (each accepted before the next is sent), all instances at once
        await Task.WhenAll(keys.Select(async key =>
        {
            using var client = host.Factory.CreateClient();
            foreach (var letter in new[] { "z", "x", "y" })
                await WorkflowApi.Ensure(await client.PostAsJsonAsync($"/api/events/order.{letter}", new { correlationKey = key }));
        }));
        foreach (var instance in instances)
            Assert.Equal("zxy", (await Api.WaitForAsync(instance, "Completed"))["variables"]!["seen"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_hundred_tasks_completed_at_once_all_move_on_and_leave_no_bookmark()
    {
        var id = await PublishApproval();
        var instances = new List<Guid>();
        for (var i = 0; i < 200; i++)
            instances.Add(await Api.StartAsync(id));
        var tasks = new List<Guid>();
        foreach (var instance in instances)
            tasks.Add((await Api.WaitForTaskAsync(instance))["id"]!.GetValue<Guid>());

        var answers = await Task.WhenAll(tasks.Chunk(25).Select(async chunk =>
        {
            using var client = host.Factory.CreateClient();
            var results = new List<HttpStatusCode>();
            foreach (var task in chunk)
                results.Add((await client.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "Yes" })).StatusCode);
            return results;
        }));
        Assert.All(answers.SelectMany(a => a), code => Assert.Equal(HttpStatusCode.Accepted, code));

        foreach (var instance in instances)
            await Api.WaitForAsync(instance, "Completed");
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        Assert.Equal(0, await db.Set<BookmarkRecord>().CountAsync(b => instances.Contains(b.InstanceId)));
        Assert.Equal(0, await db.Set<HumanTaskRecord>().CountAsync(t => instances.Contains(t.InstanceId) && t.Status == HumanTaskStatus.Open));
        Assert.Equal(0, await db.Set<DispatchRecord>().CountAsync(d => instances.Contains(d.InstanceId) && d.Status != DispatchStatus.Done));
    }

    [Fact]
    public async Task A_parent_resumes_when_its_child_finishes_at_once()
    {
        // the child completes in its first burst, which the dispatcher may run right after the parent's
        var child = WorkflowApi.Unique("fast");
        await Api.PublishAsync(Flow(child, [A("start", "Start"), A("v", "SetVariable", new() { ["name"] = "ok", ["value"] = true })], "start.Done→v"));
        var parent = WorkflowApi.Unique("par");
        await Api.PublishAsync(Flow(parent,
            [A("start", "Start"), A("fork", "Fork"), A("s1", "SubWorkflow", new() { ["definitionId"] = child }),
             A("s2", "SubWorkflow", new() { ["definitionId"] = child }), A("join", "Join"), A("end", "End")],
            "start.Done→fork", "fork.Branch→s1", "fork.Branch→s2", "s1.Done→join", "s2.Done→join", "join.Done→end"));
        var parents = new List<Guid>();
        for (var i = 0; i < 30; i++)
            parents.Add(await Api.StartAsync(parent));
        foreach (var p in parents)
            await Api.WaitForAsync(p, "Completed");
    }

    [Fact]
    public async Task Resuming_a_bookmark_twice_has_one_effect()
    {
        var id = WorkflowApi.Unique("twice");
        await Api.PublishAsync(Flow(id,
            [A("start", "Start"), A("wait", "WaitForEvent", new() { ["event"] = "paid", ["correlationKey"] = Template("{{ input.order }}") }),
             A("count", "SetVariable", new() { ["name"] = "n", ["value"] = Expr("(vars.n ?? 0) + 1") }),
             A("again", "WaitForEvent", new() { ["event"] = "shipped", ["correlationKey"] = Template("{{ input.order }}") })],
            "start.Done→wait", "wait.Done→count", "count.Done→again"));
        var order = Guid.NewGuid().ToString();
        var instance = await Api.StartAsync(id, new { order });
        await Api.WaitForAsync(instance, "Suspended");
        await BuiltInActivityTests.WaitUntil(async () => (await Api.InstanceAsync(instance))["bookmarks"]!.AsArray().Count == 1);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Api.RaiseAsync("paid", order)));
        await BuiltInActivityTests.WaitUntil(async () =>
            (await Api.InstanceAsync(instance))["bookmarks"]!.AsArray().Any(b => b!["name"]!.GetValue<string>() == "Event:shipped"));
        await Task.Delay(300);
        Assert.Equal(1, (await Api.InstanceAsync(instance))["variables"]!["n"]!.GetValue<int>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConcurrencyOnSqlite(SqliteHost host) : ConcurrencyTests(host);

[Collection(PostgresCollection.Name)]
public sealed class ConcurrencyOnPostgres(PostgresHost host) : ConcurrencyTests(host);
