using System.Diagnostics;
using Npgsql;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (b) A persisted 5-activity sequence (Start, SetVariable, Log, SetVariable, End) through the real host
/// and dispatcher, on SQLite (file, WAL; synchronous FULL and NORMAL) and on PostgreSQL, against the
/// same database's raw commit rate measured in the same run.
/// <list type="bullet">
/// <item>start+run: M instances started through WorkflowClient (one SaveChanges per batch) while the
/// dispatcher runs them; first start → last instance Completed (its burst committed).</item>
/// <item>drain: M starts committed with the dispatcher off, then a host with the dispatcher starts:
/// host start → last instance Completed (the dispatcher alone).</item>
/// </list>
/// </summary>
public static class PersistedBench
{
    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var m = o.Int("m", 5_000);
        var batch = o.Int("batch", 100);
        var warmup = o.Int("warmup", 500);
        var rawSeconds = TimeSpan.FromSeconds(o.Double("raw-seconds", 3));
        var only = o.String("db");
        // --run start+run | drain: one of the two runs only (e.g. to profile it); both by default
        var runs = o.String("run") is { } oneRun ? [oneRun] : new[] { "start+run", "drain" };
        Machine.Header($"persisted: M={m}, start batches of {batch}, warm-up {warmup}");

        var table = new MarkdownTable($"(b) persisted — 5-activity sequence, M={m} instances, starts committed {batch} per SaveChanges",
            "database", "run", "raw commits/s (same run)", "engine instances/s", "ratio", "commits / instance", "EF commands / instance",
            "per instance: wall / CPU / in EF commands / in COMMIT", "load (1-min)");
        if (only is null or "sqlite")
        {
            var syncs = o.String("sync")?.ToUpperInvariant() is { } one ? [one] : new[] { "FULL", "NORMAL" };
            foreach (var sync in syncs)
            {
                var db = BenchDatabase.Sqlite($"persisted-{sync.ToLowerInvariant()}");
                var rawBefore = await RawCommits.SqliteAsync(db.SqliteDirectory, sync, rawSeconds);
                // --sqlite-workers N: the dispatcher's workers on SQLite (the host's default when not given)
                string[] settings = o.String("sqlite-workers") is { } w
                    ? [$"--Database:SqliteSynchronous={sync}", $"--Workflows:Workers={w}"]
                    : [$"--Database:SqliteSynchronous={sync}"];
                var run = runs.Contains("start+run") ? await StartAndRunAsync(db, m, batch, warmup, settings) : null;
                // the raw rate of this machine's disk moves by 2× within a minute: measured before, between and after the runs
                var rawBetween = await RawCommits.SqliteAsync(db.SqliteDirectory, sync, rawSeconds);
                var drain = runs.Contains("drain") ? await DrainAsync(db, m, batch, settings) : null;
                var rawAfter = await RawCommits.SqliteAsync(db.SqliteDirectory, sync, rawSeconds);
                var raw = (rawBefore.PerSecond + rawBetween.PerSecond + rawAfter.PerSecond) / 3;
                var rawText = $"{Fmt.N(raw)} (before {Fmt.N(rawBefore.PerSecond)}, between {Fmt.N(rawBetween.PerSecond)}, " +
                              $"after {Fmt.N(rawAfter.PerSecond)}; 1 connection)";
                foreach (var (runLabel, result) in new[] { ("start+run", run), ("drain", drain) })
                {
                    if (result is not null)
                        table.Row($"SQLite WAL, synchronous={sync}{(o.String("sqlite-workers") is { } sw ? $", {sw} workers" : "")}", runLabel, rawText, result.Rate, Fmt.Ratio(result.Rate / raw),
                            result.CommitsPerInstance, result.CommandsPerInstance, result.Costs, result.Load);
                }
            }
        }
        if (only is null or "postgres" && await BenchDatabase.PostgreSqlAsync(o, "orchestrator_bench") is { } pg)
        {
            var settingsText = await RawCommits.PostgreSqlSettingsAsync(pg.ConnectionString);
            var workers = o.Int("pg-workers", 4);
            var raw1 = await RawCommits.PostgreSqlAsync(pg.ConnectionString, 1, rawSeconds);
            var rawN = await RawCommits.PostgreSqlAsync(pg.ConnectionString, workers, rawSeconds);
            string[] settings = [$"--Workflows:Workers={workers}"];
            var run = runs.Contains("start+run") ? await StartAndRunAsync(pg, m, batch, warmup, settings) : null;
            var drain = runs.Contains("drain") ? await DrainAsync(pg, m, batch, settings) : null;
            var raw1After = await RawCommits.PostgreSqlAsync(pg.ConnectionString, 1, rawSeconds);
            var rawNAfter = await RawCommits.PostgreSqlAsync(pg.ConnectionString, workers, rawSeconds);
            var server = new NpgsqlConnectionStringBuilder(pg.ConnectionString);
            var label = $"PostgreSQL :{server.Port} ({(settingsText.Contains("fsync=off", StringComparison.Ordinal) ? "fsync=off" : "fsync=on")}), {workers} workers";
            var r1 = (raw1.PerSecond + raw1After.PerSecond) / 2;
            var rN = (rawN.PerSecond + rawNAfter.PerSecond) / 2;
            foreach (var (runLabel, result) in new[] { ("start+run", run), ("drain", drain) })
            {
                if (result is null)
                    continue;
                table.Row(label, runLabel, $"{Fmt.N(r1)} (1 connection)", result.Rate,
                    Fmt.Ratio(result.Rate / r1), result.CommitsPerInstance, result.CommandsPerInstance, result.Costs, result.Load);
                table.Row(label, runLabel, $"{Fmt.N(rN)} ({workers} connections)", result.Rate,
                    Fmt.Ratio(result.Rate / rN), result.CommitsPerInstance, result.CommandsPerInstance, result.Costs, result.Load);
            }
            table.Note($"PostgreSQL :{server.Port}: {settingsText}.");
            NpgsqlConnection.ClearAllPools();
        }
        table.Note("Goal: engine instances/s ≥ 0.5 × the raw commit rate. Raw = single-row INSERT transactions (autocommit) " +
                   "on a separate table of the same database (SQLite: a separate file in the same folder, same pragmas), " +
                   "measured before, between and after the engine runs (SQLite) or before and after (PostgreSQL); the mean is used.");
        table.Note("Commits / instance: SQLite counts every physical write commit of the host's connections (sqlite3_commit_hook); " +
                   "PostgreSQL counts the COMMIT records in the WAL between the run's start and end with pg_waldump (writing transactions only; " +
                   "server-wide, so anything else writing on that server meanwhile counts too) and, in brackets, the " +
                   "pg_stat_database.xact_commit delta of the bench database, which also counts every read-only statement run outside a transaction. " +
                   $"All include the start batches ({1.0 / batch:F2}/instance), dispatch claims and idle polling.");
        table.Note("EF commands / instance: commands EF sent (queries and SaveChanges batches); the claim statement is raw ADO and not counted.");
        table.Note("Per instance: wall = 1 ÷ rate; CPU = this process's CPU time ÷ M (host, dispatcher and the starting loop; on 2 cores " +
                   "CPU can exceed wall); in EF commands = time EF measured inside its commands (SQLite: the statement itself runs there); " +
                   "in COMMIT = time inside EF transaction commits (the fsync with synchronous=FULL).");
        table.Print();
        return table;
    }

    public sealed record Result(double Rate, string CommitsPerInstance, double CommandsPerInstance, string Costs, string Load);

    /// <summary>Counts instances seen Completed in committed transactions; completes when <see cref="Target"/> is reached.</summary>
    private sealed class Completions
    {
        private int _count;
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Target { get; private set; } = int.MaxValue;
        public int Count => Volatile.Read(ref _count);

        public void Expect(int target)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _count, 0);
            Target = target;
        }

        public void Observe(CommitSeen commit)
        {
            foreach (var (_, status) in commit.Instances)
            {
                if (status == InstanceStatus.Completed && Interlocked.Increment(ref _count) >= Target)
                    _done.TrySetResult();
            }
        }

        public async Task WaitAsync(TimeSpan timeout)
        {
            if (await Task.WhenAny(_done.Task, Task.Delay(timeout)) != _done.Task)
                throw new TimeoutException($"{Count} of {Target} instances completed in {timeout}");
        }
    }

    private static async Task<Result> StartAndRunAsync(BenchDatabase db, int m, int batch, int warmup, string[] settings)
    {
        var completions = new Completions();
        var probe = new Probe { OnCommit = completions.Observe };
        await using var host = await BenchHost.StartAsync(db, probe, settings);
        var version = await host.PublishAsync(Flows.Sequence($"seq5-{Guid.NewGuid():N}", 3));

        completions.Expect(warmup);
        for (var i = 0; i < warmup; i += batch)
            await host.StartBatchAsync(version, Math.Min(batch, warmup - i));
        await completions.WaitAsync(TimeSpan.FromMinutes(5));
        await Task.Delay(db.Provider == "PostgreSql" ? 2500 : 200);

        completions.Expect(m);
        var counters = await Counters.ReadAsync(db, probe);
        Console.Error.WriteLine($"start+run: {m} starts begin (pid {Environment.ProcessId})");
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < m; i += batch)
            await host.StartBatchAsync(version, Math.Min(batch, m - i));
        await completions.WaitAsync(TimeSpan.FromMinutes(20));
        stopwatch.Stop();
        var load = Machine.LoadAverage().Split(' ')[0];
        await host.DisposeAsync();
        return await counters.ResultAsync(db, probe, m, stopwatch.Elapsed, load);
    }

    private static async Task<Result> DrainAsync(BenchDatabase db, int m, int batch, string[] settings)
    {
        await using (var writer = await BenchHost.StartAsync(db, null, [.. settings, "--Workflows:RunDispatcher=false"]))
        {
            var version = await writer.PublishAsync(Flows.Sequence($"seq5-{Guid.NewGuid():N}", 3));
            for (var i = 0; i < m; i += batch)
                await writer.StartBatchAsync(version, Math.Min(batch, m - i));
        }
        var completions = new Completions();
        var probe = new Probe { OnCommit = completions.Observe };
        await using var host = await BenchHost.BuildAsync(db, probe, settings);
        if (db.Provider == "PostgreSql")
            await Task.Delay(2500);
        completions.Expect(m);
        var counters = await Counters.ReadAsync(db, probe);
        Console.Error.WriteLine($"drain: {m} starts written, the host starts (pid {Environment.ProcessId})");
        var stopwatch = Stopwatch.StartNew();
        await host.App.StartAsync();
        var started = stopwatch.Elapsed;
        await completions.WaitAsync(TimeSpan.FromMinutes(20));
        stopwatch.Stop();
        var load = Machine.LoadAverage().Split(' ')[0];
        await host.DisposeAsync();
        var result = await counters.ResultAsync(db, probe, m, stopwatch.Elapsed, load);
        return result with { Costs = $"{result.Costs}; host start {Fmt.Ms(started.TotalMilliseconds)} included" };
    }

    private sealed record Counters(long SqliteCommits, long EfCommands, TimeSpan Cpu, TimeSpan InCommands, TimeSpan InCommit,
        long PgCommits, string? PgWal)
    {
        public static async Task<Counters> ReadAsync(BenchDatabase db, Probe probe) => new(Probe.SqliteCommits, probe.EfCommands,
            Process.GetCurrentProcess().TotalProcessorTime, probe.CommandTime, probe.CommitTime,
            db.Provider == "PostgreSql" ? await RawCommits.XactCommitAsync(db.ConnectionString) : 0,
            db.Provider == "PostgreSql" ? await RawCommits.WalPositionAsync(db.ConnectionString) : null);

        public async Task<Result> ResultAsync(BenchDatabase db, Probe probe, int m, TimeSpan elapsed, string load)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - Cpu;
            var costs = $"{Fmt.Ms(elapsed.TotalMilliseconds / m)} / {Fmt.Ms(cpu.TotalMilliseconds / m)} / " +
                        $"{Fmt.Ms((probe.CommandTime - InCommands).TotalMilliseconds / m)} / {Fmt.Ms((probe.CommitTime - InCommit).TotalMilliseconds / m)}";
            string commits;
            if (db.Provider == "PostgreSql")
            {
                // backends report their counts when idle (at most once a second) or when they exit
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(2500);
                var after = await RawCommits.XactCommitAsync(db.ConnectionString);
                var wal = await RawCommits.WalCommitsAsync(db.ConnectionString, PgWal!, await RawCommits.WalPositionAsync(db.ConnectionString));
                var all = Fmt.N((after - PgCommits - 1) / (double)m);
                commits = wal is { } walCommits ? $"{Fmt.N(walCommits / (double)m)} (xact_commit {all})" : $"xact_commit {all}";
            }
            else
            {
                commits = Fmt.N((Probe.SqliteCommits - SqliteCommits) / (double)m);
            }
            return new Result(m / elapsed.TotalSeconds, commits, (probe.EfCommands - EfCommands) / (double)m, costs, load);
        }
    }
}
