using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Orchestrator.Benchmarks;

/// <summary>A database's raw commit rate: single-row INSERT transactions (autocommit), one after another per connection.</summary>
public sealed record RawRate(int Connections, double PerSecond, double P50Ms, double P99Ms);

public static class RawCommits
{
    /// <summary>SQLite: a separate file beside the engine's, WAL, the given synchronous level, one connection.</summary>
    public static async Task<RawRate> SqliteAsync(string directory, string synchronous, TimeSpan duration)
    {
        var path = Path.Combine(directory, $"raw-{synchronous.ToLowerInvariant()}.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; " +
                                "CREATE TABLE raw (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, created_at INTEGER NOT NULL);";
            await setup.ExecuteNonQueryAsync();
        }
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO raw (payload, created_at) VALUES ($payload, $created)";
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        insert.Prepare();
        var samples = new Samples();
        var count = 0;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            payload.Value = "row " + count;
            created.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await insert.ExecuteNonQueryAsync();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            count++;
        }
        return new RawRate(1, count / total.Elapsed.TotalSeconds, samples.Percentile(50), samples.Percentile(99));
    }

    /// <summary>PostgreSQL: <paramref name="connections"/> connections inserting one row per transaction each, at once.</summary>
    public static async Task<RawRate> PostgreSqlAsync(string connectionString, int connections, TimeSpan duration)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var setup = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL)",
                connection);
            await setup.ExecuteNonQueryAsync();
        }
        var samples = new Samples();
        var count = 0L;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_raw (payload, created_at) VALUES ($1, $2)", connection);
            var payload = insert.Parameters.Add(new NpgsqlParameter<string> { Value = "" });
            var created = insert.Parameters.Add(new NpgsqlParameter<DateTime> { Value = DateTime.UtcNow });
            await insert.PrepareAsync();
            var n = 0;
            while (total.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                payload.Value = $"row {c}/{n}";
                created.Value = DateTime.UtcNow;
                await insert.ExecuteNonQueryAsync();
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                n++;
            }
            Interlocked.Add(ref count, n);
        }));
        return new RawRate(connections, count / total.Elapsed.TotalSeconds, samples.Percentile(50), samples.Percentile(99));
    }

    /// <summary>Commits counted by PostgreSQL for one database (pg_stat_database.xact_commit).</summary>
    public static async Task<long> XactCommitAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { Value = database! });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The server's current WAL position (for <see cref="WalCommitsAsync"/>).</summary>
    public static async Task<string> WalPositionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// COMMIT records written to the WAL between two positions (every writing transaction has one; read-only ones
    /// none; subtransactions none of their own), counted with pg_waldump when the server runs on this machine and
    /// its data directory is readable; null otherwise. Server-wide: other databases' commits count too.
    /// </summary>
    public static async Task<long?> WalCommitsAsync(string connectionString, string from, string to)
    {
        try
        {
            string dataDirectory, version;
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_setting('data_directory'), current_setting('server_version_num')", connection);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                dataDirectory = reader.GetString(0);
                version = reader.GetString(1)[..2];
            }
            var waldump = $"/usr/lib/postgresql/{version}/bin/pg_waldump";
            if (!File.Exists(waldump) || !Directory.Exists(Path.Combine(dataDirectory, "pg_wal")))
                return null;
            var start = new ProcessStartInfo(waldump) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-p", Path.Combine(dataDirectory, "pg_wal"), "-s", from, "-e", to, "-r", "Transaction" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            long commits = 0;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Contains("desc: COMMIT", StringComparison.Ordinal))
                    commits++;
            }
            await process.WaitForExitAsync();
            await errors;
            return process.ExitCode == 0 ? commits : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException or PostgresException)
        {
            return null;
        }
    }

    public static async Task<string> PostgreSqlSettingsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version() || '; fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') " +
            "|| ', full_page_writes=' || current_setting('full_page_writes')", connection);
        var text = (string)(await command.ExecuteScalarAsync())!;
        return text.Split(" on ")[0] + text[text.IndexOf(';')..];
    }
}
