using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Diagnosis for (b): where the time of one burst goes on SQLite (synchronous=NORMAL, so the disk is
/// out of the picture), measured from outside the engine. The database work of a burst of the
/// 5-activity flow is replayed step by step through the host's own DbContext (scope, transaction,
/// the three reads, the instance update + 5 log rows + dispatch update, SaveChanges, commit), then
/// the same statements through one raw ADO connection, and compared with a real burst (drain).
/// </summary>
public static class AnatomyBench
{
    private static readonly string[] Steps =
    [
        "create scope + DbContext", "BeginTransaction (opens the connection: 4 PRAGMAs, BEGIN IMMEDIATE)", "read the dispatch",
        "read the instance", "read the bookmarks", "change tracking: update instance, add 5 log rows, update dispatch",
        "SaveChanges (7 statements)", "Commit", "dispose scope",
    ];

    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var k = o.Int("k", 3000);
        var sync = o.String("sync") ?? "NORMAL";
        Machine.Header($"anatomy: {k} replayed bursts, SQLite synchronous={sync}");
        var db = BenchDatabase.Sqlite("anatomy");
        var completions = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Probe
        {
            OnCommit = c =>
            {
                foreach (var (_, status) in c.Instances)
                {
                    if (status == InstanceStatus.Completed && Interlocked.Increment(ref completions) == k)
                        all.TrySetResult();
                }
            },
        };
        await using var host = await BenchHost.StartAsync(db, probe, $"--Database:SqliteSynchronous={sync}");
        var version = await host.PublishAsync(Flows.Sequence($"seq5-{Guid.NewGuid():N}", 3));

        // real bursts: k instances started in batches of 100, run by the dispatcher (the producer is part of the time)
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var real = Stopwatch.StartNew();
        for (var i = 0; i < k; i += 100)
            await host.StartBatchAsync(version, Math.Min(100, k - i));
        await all.Task;
        real.Stop();
        var realCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var pairs = await host.ScopeAsync(async sp => await sp.GetRequiredService<DbContext>().Set<DispatchRecord>()
            .OrderBy(d => d.Id).Select(d => new { d.Id, d.InstanceId }).Take(k).ToListAsync());

        // the same database work through the host's DbContext, step by step
        var steps = new double[Steps.Length];
        var replay = Stopwatch.StartNew();
        foreach (var pair in pairs)
        {
            var t = Stopwatch.GetTimestamp();
            void Lap(int step)
            {
                var now = Stopwatch.GetTimestamp();
                steps[step] += Stopwatch.GetElapsedTime(t, now).TotalMilliseconds;
                t = now;
            }
            var scope = host.App.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<DbContext>();
            Lap(0);
            await using (var tx = await context.Database.BeginTransactionAsync())
            {
                Lap(1);
                var dispatch = await context.Set<DispatchRecord>().FirstOrDefaultAsync(d => d.Id == pair.Id);
                Lap(2);
                var instance = await context.Set<InstanceRecord>().FirstOrDefaultAsync(x => x.Id == dispatch!.InstanceId);
                Lap(3);
                var bookmarks = await context.Set<BookmarkRecord>().Where(b => b.InstanceId == instance!.Id).ToListAsync();
                Lap(4);
                var now = DateTimeOffset.UtcNow;
                instance!.State = instance.State.Length > 0 ? instance.State : "{}";
                instance.UpdatedAt = now;
                instance.ConcurrencyVersion++;
                for (var i = 0; i < 5; i++)
                {
                    context.Add(new ExecutionLogRecord
                    {
                        InstanceId = instance.Id,
                        Sequence = 1000 + i,
                        ActivityId = $"step{i}",
                        ActivityType = "Log",
                        Event = "Completed",
                        Outcome = "Done",
                        At = now,
                        DurationMs = 0.01,
                        DispatchId = dispatch!.Id,
                        Stimulus = "Start",
                    });
                }
                dispatch!.Result = "replayed";
                dispatch.CompletedAt = now;
                context.ChangeTracker.DetectChanges();
                Lap(5);
                await context.SaveChangesAsync();
                Lap(6);
                await tx.CommitAsync();
                Lap(7);
            }
            await scope.DisposeAsync();
            Lap(8);
        }
        replay.Stop();

        // the same statements on one raw connection, prepared once
        var rawMs = await RawReplayAsync(db, sync, pairs.Select(p => (p.Id, p.InstanceId)).ToList());
        var pragmaMs = await PragmaCostAsync(db, sync, k);

        var table = new MarkdownTable($"(b) diagnosis — one burst of the 5-activity flow on SQLite synchronous={sync}, mean of {k}",
            "what", "per burst", "share of the replay");
        var total = replay.Elapsed.TotalMilliseconds / k;
        table.Row("real burst through the dispatcher (wall ÷ instances, starts included)", Fmt.Ms(real.Elapsed.TotalMilliseconds / k), "");
        table.Row("  its CPU time (whole process ÷ instances)", Fmt.Ms(realCpu.TotalMilliseconds / k), "");
        table.Row("replay of its database work through the host's DbContext", Fmt.Ms(total), "100%");
        for (var i = 0; i < Steps.Length; i++)
            table.Row("  " + Steps[i], Fmt.Ms(steps[i] / k), $"{steps[i] / k / total * 100:F0}%");
        table.Row("the same 3 reads + 7 writes + commit on one raw ADO connection (prepared)", Fmt.Ms(rawMs), $"{rawMs / total * 100:F0}%");
        table.Row("opening a pooled connection + the host's 4 PRAGMAs (done at every BeginTransaction / query outside one)", Fmt.Ms(pragmaMs.WithPragmas), "");
        table.Row("  opening a pooled connection alone", Fmt.Ms(pragmaMs.Without), "");
        table.Note($"load average after: {Machine.LoadAverage()}");
        table.Print();
        return table;
    }

    private static async Task<double> RawReplayAsync(BenchDatabase db, string sync, List<(long Id, Guid InstanceId)> pairs)
    {
        await using var connection = new SqliteConnection(db.ConnectionString);
        await connection.OpenAsync();
        await Exec(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;");
        await using var readDispatch = Command(connection, "SELECT * FROM workflow_dispatches WHERE id = $id LIMIT 1", "$id");
        await using var readInstance = Command(connection, "SELECT * FROM workflow_instances WHERE id = $id LIMIT 1", "$id");
        await using var readBookmarks = Command(connection, "SELECT * FROM workflow_bookmarks WHERE instance_id = $id", "$id");
        await using var updateInstance = Command(connection,
            "UPDATE workflow_instances SET state = state, updated_at = $now, concurrency_version = concurrency_version + 1 WHERE id = $id", "$id", "$now");
        await using var insertLog = Command(connection,
            "INSERT INTO workflow_execution_log (instance_id, sequence, activity_id, activity_type, event, outcome, at, duration_ms, dispatch_id, stimulus) " +
            "VALUES ($id, $seq, 'step', 'Log', 'Completed', 'Done', $now, 0.01, $dispatch, 'Start') RETURNING id", "$id", "$seq", "$now", "$dispatch");
        await using var updateDispatch = Command(connection,
            "UPDATE workflow_dispatches SET result = 'raw', completed_at = $now WHERE id = $dispatch", "$dispatch", "$now");
        var stopwatch = Stopwatch.StartNew();
        foreach (var (id, instanceId) in pairs)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            foreach (var c in new[] { readDispatch, readInstance, readBookmarks, updateInstance, insertLog, updateDispatch })
                c.Transaction = tx;
            readDispatch.Parameters["$id"].Value = id;
            await Drain(readDispatch);
            readInstance.Parameters["$id"].Value = instanceId.ToString().ToUpperInvariant();
            await Drain(readInstance);
            readBookmarks.Parameters["$id"].Value = instanceId.ToString().ToUpperInvariant();
            await Drain(readBookmarks);
            updateInstance.Parameters["$id"].Value = instanceId.ToString().ToUpperInvariant();
            updateInstance.Parameters["$now"].Value = now;
            await updateInstance.ExecuteNonQueryAsync();
            for (var i = 0; i < 5; i++)
            {
                insertLog.Parameters["$id"].Value = instanceId.ToString().ToUpperInvariant();
                insertLog.Parameters["$seq"].Value = 2000 + i;
                insertLog.Parameters["$now"].Value = now;
                insertLog.Parameters["$dispatch"].Value = id;
                await insertLog.ExecuteScalarAsync();
            }
            updateDispatch.Parameters["$dispatch"].Value = id;
            updateDispatch.Parameters["$now"].Value = now;
            await updateDispatch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return stopwatch.Elapsed.TotalMilliseconds / pairs.Count;
    }

    private static async Task<(double WithPragmas, double Without)> PragmaCostAsync(BenchDatabase db, string sync, int k)
    {
        var pragmas = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync}; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        var results = new double[2];
        for (var variant = 0; variant < 2; variant++)
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < k; i++)
            {
                await using var connection = new SqliteConnection(db.ConnectionString);
                await connection.OpenAsync();
                if (variant == 0)
                    await Exec(connection, pragmas);
            }
            results[variant] = stopwatch.Elapsed.TotalMilliseconds / k;
        }
        return (results[0], results[1]);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(new SqliteParameter(p, DBNull.Value));
        return command;
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Drain(SqliteCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                _ = reader.GetValue(i);
        }
    }
}
