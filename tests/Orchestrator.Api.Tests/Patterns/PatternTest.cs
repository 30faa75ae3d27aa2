using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Api.Tests.Patterns;

/// <summary>What every pattern test does: publish a small flow, drive it through the API, read the trace, and check
/// that nothing — no bookmark, task or timer — is left behind.</summary>
public abstract class PatternTest(HostFixture host)
{
    protected HostFixture Host => host;
    protected WorkflowApi Api => host.Api;

    /// <summary>Publishes the flow under a unique id and starts an instance of it.</summary>
    protected async Task<Guid> RunAsync(JsonObject flow, object? input = null)
    {
        await Api.PublishAsync(flow);
        return await Api.StartAsync(flow["definitionId"]!.GetValue<string>(), input);
    }

    protected static string Id(string prefix) => WorkflowApi.Unique(prefix);

    protected async Task<Guid> TaskAsync(Guid instance, string activity)
    {
        await UntilAsync(async () => (await Api.TasksAsync(instance)).Any(t => t!["activityId"]!.GetValue<string>() == activity),
            async () => $"No open task of {activity}: {(await Api.InstanceAsync(instance)).ToJsonString()}");
        return (await Api.WaitForTaskAsync(instance, activity))["id"]!.GetValue<Guid>();
    }

    protected async Task<HttpResponseMessage> CompleteAsync(Guid instance, string activity, string outcome = "Done") =>
        await Api.CompleteAsync(await TaskAsync(instance, activity), outcome);

    /// <summary>Waits until the instance waits at every one of the activities (has a bookmark there).</summary>
    protected async Task WaitingAtAsync(Guid instance, params string[] activities) =>
        await UntilAsync(async () =>
        {
            var bookmarks = (await Api.InstanceAsync(instance))["bookmarks"]!.AsArray();
            return activities.All(a => bookmarks.Any(b => b!["activityId"]!.GetValue<string>() == a));
        }, $"{instance} never waited at all of {string.Join(", ", activities)}");

    protected async Task<List<string>> TraceAsync(Guid instance) => await Api.TraceAsync(instance);

    /// <summary>The activities withdrawn (cancelled, timed out, lost a choice), in order.</summary>
    protected async Task<List<string>> WithdrawnAsync(Guid instance) =>
        (await Api.EventsAsync(instance)).Where(e => e.Event == "Withdrawn").Select(e => e.Activity).ToList();

    protected async Task<List<JsonNode?>> TasksAsync(Guid instance, string status) => [.. await Api.TasksAsync(instance, status)];

    /// <summary>No bookmark (so no timer) and no open task of the instance is left.</summary>
    protected async Task AssertNothingLeftAsync(params Guid[] instances)
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        Assert.Equal(0, await db.Set<BookmarkRecord>().CountAsync(b => instances.Contains(b.InstanceId)));
        Assert.Equal(0, await db.Set<HumanTaskRecord>().CountAsync(t => instances.Contains(t.InstanceId) && t.Status == HumanTaskStatus.Open));
    }

    /// <summary>Children of an instance with their status.</summary>
    protected async Task<List<(Guid Id, string Status)>> ChildrenAsync(Guid parent)
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        return (await db.Set<InstanceRecord>().AsNoTracking().Where(i => i.ParentInstanceId == parent).ToListAsync())
            .Select(i => (i.Id, i.Status.ToString())).ToList();
    }

    protected static Task UntilAsync(Func<Task<bool>> condition, string what) => UntilAsync(condition, () => Task.FromResult(what));

    protected static async Task UntilAsync(Func<Task<bool>> condition, Func<Task<string>> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail(await what());
            await Task.Delay(15);
        }
    }

    /// <summary>Lets the dispatcher run whatever is pending (for asserting that something did NOT happen).</summary>
    protected static Task SettleAsync() => Task.Delay(250);
}
