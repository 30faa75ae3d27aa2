using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;
using Xunit.Abstractions;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Engine;

/// <summary>
/// Other engines slow to seconds as versions and finished instances pile up. Ours must not: the same
/// flow after 100 published versions and 100,000 finished instances starts and resumes within 2× of an
/// empty database. Samples alternate between the two hosts so load on the machine hits both alike.
/// </summary>
public abstract class HistoryTests(string provider, ITestOutputHelper output)
{
    private const int FinishedInstances = 100_000;
    private const int Versions = 100;
    private const int Samples = 40;

    [Fact]
    public async Task Start_and_resume_cost_does_not_grow_with_history()
    {
        await using var emptyDb = TestDatabase.Create(provider);
        await using var fullDb = TestDatabase.Create(provider);
        await using var empty = new OrchestratorFactory(emptyDb);
        await using var full = new OrchestratorFactory(fullDb);
        var emptyApi = new WorkflowApi(empty.CreateClient(), empty);
        var fullApi = new WorkflowApi(full.CreateClient(), full);

        var flow = Flow("history",
            [A("start", "Start"), A("ask", "HumanTask", Todo("Check", "Done")), A("set", "SetVariable", new() { ["name"] = "ok", ["value"] = true })],
            "start.Done→ask", "ask.Done→set");
        await emptyApi.PublishAsync(flow);
        for (var v = 1; v <= Versions; v++)
        {
            flow["description"] = $"version {v}";
            await fullApi.PublishAsync(flow);
        }
        await FillHistoryAsync(full);

        // warm both hosts alike, then alternate
        await CycleAsync(emptyApi);
        await CycleAsync(fullApi);
        var emptyTimes = new List<double>();
        var fullTimes = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            emptyTimes.Add(await CycleAsync(emptyApi));
            fullTimes.Add(await CycleAsync(fullApi));
        }
        var (emptyMedian, fullMedian) = (Median(emptyTimes), Median(fullTimes));
        output.WriteLine($"{provider}: start→task→complete→done median {emptyMedian:F1} ms empty, {fullMedian:F1} ms with " +
                         $"{Versions} versions and {FinishedInstances:N0} finished instances (ratio {fullMedian / emptyMedian:F2})");
        Assert.True(fullMedian <= 2 * emptyMedian + 5,
            $"with history {fullMedian:F1} ms vs {emptyMedian:F1} ms empty: more than twice as slow");
    }

    /// <summary>One start → task visible → task completed → instance completed, in milliseconds.</summary>
    private static async Task<double> CycleAsync(WorkflowApi api)
    {
        var watch = Stopwatch.StartNew();
        var instance = await api.StartAsync("history");
        var task = await api.WaitForTaskAsync(instance);
        await WorkflowApi.Ensure(await api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Done"));
        await api.WaitForAsync(instance, "Completed");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task ExecuteAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>100,000 finished instances with their done dispatches and three log rows each, in bulk.</summary>
    private async Task FillHistoryAsync(OrchestratorFactory host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var record = await db.Set<DefinitionRecord>().Where(d => d.DefinitionId == "history").OrderBy(d => d.Version).FirstAsync();
        var watch = Stopwatch.StartNew();
        if (provider == "Sqlite")
        {
            var t = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow.AddDays(-30))!;
            var rec = record.Id.ToString().ToUpperInvariant();
            await ExecuteAsync(db, $$"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{FinishedInstances}})
                INSERT INTO workflow_instances (id, definition_id, definition_version, definition_record_id, status, sandbox, input, state,
                    output, created_at, updated_at, completed_at, concurrency_version)
                SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                    'history', 1, '{{rec}}', 'Completed', 0, '{}', '{}', '{"ok":true}', {{t}}, {{t}}, {{t}}, 2 FROM n;
                INSERT INTO workflow_dispatches (kind, instance_id, status, attempts, not_before, created_at, completed_at, result)
                    SELECT 'Start', id, 1, 1, {{t}}, {{t}}, {{t}}, 'done' FROM workflow_instances WHERE status = 'Completed';
                INSERT INTO workflow_execution_log (instance_id, sequence, activity_id, activity_type, event, outcome, at)
                    SELECT i.id, s.n, 'a' || s.n, 'Log', 'Completed', 'Done', {{t}}
                    FROM workflow_instances i, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) s WHERE i.status = 'Completed';
                """);
        }
        else
        {
            await ExecuteAsync(db, $$"""
                INSERT INTO workflow_instances (id, definition_id, definition_version, definition_record_id, status, sandbox, input, state,
                    output, created_at, updated_at, completed_at, concurrency_version)
                SELECT gen_random_uuid(), 'history', 1, '{{record.Id}}', 'Completed', false, '{}', '{}', '{"ok":true}',
                    now() - interval '30 days', now() - interval '30 days', now() - interval '30 days', 2
                FROM generate_series(1, {{FinishedInstances}});
                INSERT INTO workflow_dispatches (kind, instance_id, status, attempts, not_before, created_at, completed_at, result)
                    SELECT 'Start', id, 1, 1, created_at, created_at, created_at, 'done' FROM workflow_instances WHERE status = 'Completed';
                INSERT INTO workflow_execution_log (instance_id, sequence, activity_id, activity_type, event, outcome, at)
                    SELECT i.id, s.n, 'a' || s.n, 'Log', 'Completed', 'Done', i.created_at
                    FROM workflow_instances i CROSS JOIN generate_series(1, 3) AS s(n) WHERE i.status = 'Completed';
                ANALYZE;
                """);
        }
        output.WriteLine($"{provider}: history written in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(await db.Set<InstanceRecord>().CountAsync(i => i.Status == InstanceStatus.Completed) >= FinishedInstances);
    }
}

public sealed class HistoryOnSqlite(ITestOutputHelper output) : HistoryTests("Sqlite", output);

public sealed class HistoryOnPostgres(ITestOutputHelper output) : HistoryTests("PostgreSql", output);
