using System.Diagnostics;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Engine;

/// <summary>
/// A start and a completion are run at once after their commit, not at the next poll: the dispatcher is woken
/// in-process by the commit that wrote the dispatch. The poll interval here is ten minutes, so a missed wake-up
/// shows as a flow that does not move.
/// </summary>
public abstract class WakeUpTests(string provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private OrchestratorFactory _factory = null!;
    private WorkflowApi _api = null!;

    public Task InitializeAsync()
    {
        _database = TestDatabase.Create(provider);
        _factory = new OrchestratorFactory(_database, new Dictionary<string, string?> { ["Workflows:PollInterval"] = "00:10:00" });
        _api = new WorkflowApi(_factory.CreateClient(), _factory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_started_flow_and_a_completed_task_move_on_without_waiting_for_a_poll()
    {
        var flow = WorkflowApi.Unique("wake");
        await _api.PublishAsync(Flow(flow,
            [A("start", "Start"), A("check", "HumanTask", Todo("Check", "Done")), A("log", "Log", new() { ["message"] = "checked" })],
            "start.Done→check", "check.Done→log"));

        // the first start also warms the host; the ones after it must be prompt
        await RunOnceAsync(flow);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
            await RunOnceAsync(flow);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"three start → task → complete → done cycles took {watch.Elapsed}");
    }

    private async Task RunOnceAsync(string flow)
    {
        var instance = await _api.StartAsync(flow);
        var task = await _api.WaitForTaskAsync(instance);
        (await _api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Done")).EnsureSuccessStatusCode();
        await _api.WaitForAsync(instance, "Completed");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WakeUpTestsOnSqlite() : WakeUpTests("Sqlite");

[Collection(PostgresCollection.Name)]
public sealed class WakeUpTestsOnPostgres() : WakeUpTests("PostgreSql");
