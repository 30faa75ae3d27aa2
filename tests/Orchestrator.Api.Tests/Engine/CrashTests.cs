using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Api.Tests.Engine;

/// <summary>
/// A real host process is killed with SIGKILL while 1,000 instances are in flight; after a restart,
/// every accepted start completes and no (instance, step) row — written inside each burst — is doubled.
/// </summary>
public abstract class CrashTests(string provider)
{
    private const int Instances = 1000;
    private const int Steps = 3;

    [Fact]
    public async Task A_host_killed_mid_flight_loses_nothing_and_doubles_nothing_after_a_restart()
    {
        await using var database = TestDatabase.Create(provider);
        await ExecuteAsync(database, "CREATE TABLE crash_steps (instance_id VARCHAR(64) NOT NULL, step INT NOT NULL)");

        var accepted = new List<Guid>();
        using (var first = await ChildHost.StartAsync(database))
        {
            // a 3-second timer after the first step: however fast the engine drains the starts on an idle machine (or however
            // slowly the clients start them on a loaded one), the instances started in the last seconds before the kill are
            // still in flight, and their timers come due while the host is down
            var flow = Flow("crash",
                [A("start", "Start"), .. Enumerable.Range(1, Steps).Select(i => (JsonNode)A($"s{i}", "Test.CountStep", new() { ["step"] = i, ["workMs"] = 10 })),
                    A("wait", "Delay", new() { ["duration"] = "PT3S" })],
                ["start.Done→s1", "s1.Done→wait", "wait.Done→s2", .. Enumerable.Range(2, Steps - 2).Select(i => $"s{i}.Done→s{i + 1}")]);
            await WorkflowApi.Ensure(await first.Http.PostAsJsonAsync("/api/definitions", flow));
            await WorkflowApi.Ensure(await first.Http.PostAsJsonAsync("/api/definitions/crash/publish", new { }));

            // start from several clients; kill the host while starts are still arriving and bursts run
            // (each instance takes about 30 ms of burst time, so bursts lag behind the starts and many are in flight)
            var killAfter = Instances / 4;
            var started = 0;
            var starters = Enumerable.Range(0, 4).Select(async _ =>
            {
                var mine = new List<Guid>();
                while (true)
                {
                    if (Volatile.Read(ref started) >= Instances) break;
                    try
                    {
                        var response = await first.Http.PostAsJsonAsync("/api/instances", new { definitionId = "crash" });
                        if (response.StatusCode != HttpStatusCode.Accepted) break;
                        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                        mine.Add(body!["instanceId"]!.GetValue<Guid>());
                    }
                    catch (HttpRequestException) { break; }
                    catch (TaskCanceledException) { break; }
                    if (Interlocked.Increment(ref started) == killAfter) first.Kill();
                }
                lock (accepted) accepted.AddRange(mine);
            }).ToList();
            await Task.WhenAll(starters);
            first.Kill();
        }
        Assert.True(accepted.Count >= Instances / 4, $"only {accepted.Count} starts were accepted before the kill");
        var countedBeforeRestart = await ScalarAsync(database, "SELECT COUNT(*) FROM crash_steps");
        Assert.True(countedBeforeRestart < accepted.Count * Steps, "the kill came too late to test anything: every instance had finished");

        using var second = await ChildHost.StartAsync(database);
        // every accepted start is in the database; a start the host committed just before the kill, whose 202 never
        // reached the client, is there too (at most one per client) and must finish like the others
        var stored = await ScalarAsync(database, "SELECT COUNT(*) FROM workflow_instances");
        Assert.InRange(stored, accepted.Count, accepted.Count + 4);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        long completed;
        do
        {
            completed = await ScalarAsync(database, "SELECT COUNT(*) FROM workflow_instances WHERE status = 'Completed'");
            if (completed >= stored) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);

        Assert.Equal(stored, completed);
        foreach (var id in accepted.Take(50))
            Assert.Equal("Completed", (await second.Http.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["instance"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await ScalarAsync(database,
            "SELECT COUNT(*) FROM (SELECT instance_id, step FROM crash_steps GROUP BY instance_id, step HAVING COUNT(*) > 1) doubled"));
        Assert.Equal(stored * Steps, await ScalarAsync(database, "SELECT COUNT(*) FROM crash_steps"));
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = Open(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = Open(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static System.Data.Common.DbConnection Open(TestDatabase database) => database.Provider == "Sqlite"
        ? new SqliteConnection(database.ConnectionString + ";Pooling=false")
        : new NpgsqlConnection(database.ConnectionString);

    /// <summary>The real host (plus the counting activity) in a child process on a free port.</summary>
    private sealed class ChildHost : IDisposable
    {
        private readonly Process _process;

        private ChildHost(Process process, HttpClient http)
        {
            _process = process;
            Http = http;
        }

        public HttpClient Http { get; }

        public static async Task<ChildHost> StartAsync(TestDatabase database)
        {
            var port = FreePort();
            var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Orchestrator.CrashHost", "bin",
                new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Orchestrator.CrashHost.dll"));
            Assert.True(File.Exists(dll), $"{dll} is missing: build tests/Orchestrator.CrashHost");
            var info = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    dll, "--urls", $"http://127.0.0.1:{port}", "--environment", "Testing",
                    "--Database:Provider", database.Provider, "--ConnectionStrings:Orchestrator", database.ConnectionString,
                    "--Serilog:MinimumLevel:Default", "Warning", "--Logging:File:Path", Path.Combine(Path.GetTempPath(), "crash-host-.json"),
                    "--Scheduling:Quartz", "false", "--Workflows:Lease", "00:00:05", "--Auth:AdminApiKey", OrchestratorFactory.AdminApiKey,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(dll)!,
            };
            var process = Process.Start(info)!;
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", OrchestratorFactory.AdminApiKey);
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (true)
            {
                Assert.False(process.HasExited,
                    $"the host exited with {(process.HasExited ? process.ExitCode : 0)}: {string.Join("\n", output.TakeLast(30))}");
                try
                {
                    if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                Assert.True(DateTime.UtcNow < deadline, "the child host did not become ready in 180 s (a boot on a loaded two-core machine took 73 s)");
                await Task.Delay(100);
            }
            return new ChildHost(process, http);
        }

        /// <summary>SIGKILL: no shutdown, no flush, nothing finishes.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            Http.Dispose();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

public sealed class CrashOnSqlite() : CrashTests("Sqlite");

public sealed class CrashOnPostgres() : CrashTests("PostgreSql");
