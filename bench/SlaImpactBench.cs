using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.Domain.Sla;

namespace Orchestrator.Benchmarks;

/// <summary>
/// (h) The SLA impact preview at scale (issue 10): the real host on a file SQLite database and on PostgreSQL, 100,000 open and
/// 1,000,000 closed requests of the default policy generated in bulk (multi-row prepared INSERTs in big transactions on
/// SQLite, binary COPY on PostgreSQL) with status histories — a third of them paused waiting for parts or the customer —,
/// 20,000 customers of four tiers, six regions, 24 teams, every type and priority; their recorded due times are those of the
/// shipped version 1. The draft is the sample policy (samples/data/sla-default-v2.json: five rules, a lunch break, Saturday
/// mornings, holidays). Timed end to end through the API: POST …/impact → polling the job's progress → its result.
/// </summary>
public static class SlaImpactBench
{
    private const string ApiKey = "bench-sla-impact-admin-key-0123456789abcdef";
    private static readonly string[] Regions = ["Shanghai", "Beijing", "Guangdong", "Zhejiang", "Jiangsu", "Sichuan"];
    private static readonly string[] ProductLines = ["air-conditioner", "water-heater", "refrigerator"];
    private static readonly string[] Types = Enum.GetNames<Orchestrator.Domain.Requests.ServiceRequestType>();
    private static readonly string[] Priorities = ["Low", "Normal", "Normal", "Normal", "High", "Urgent"];
    private static readonly string[] Tiers = ["Standard", "Standard", "Standard", "Silver", "Gold", "Vip"];
    private static readonly ValueConverter<DateTimeOffset, long> Binary = new DateTimeOffsetToBinaryConverter();

    public static async Task<MarkdownTable> RunAsync(BenchOptions o)
    {
        var (open, closed, runs) = (o.Int("open", 100_000), o.Int("closed", 1_000_000), o.Int("runs", 3));
        var table = new MarkdownTable($"(h) SLA impact preview, {open:N0} open + {closed:N0} closed requests, through the API",
            "database", "generate s", "runs s", "p50 s", "server s", "host CPU s", "PostgreSQL CPU s", "progress updates seen", "open changed", "closed breached: recorded → draft", "load during runs");
        var which = o.String("db") ?? "both";
        var reuse = o.Flag("reuse");
        if (which is "both" or "sqlite")
        {
            var file = Path.Combine(BenchDatabase.Root, "sla-impact", "orchestrator.db");
            await RunOnAsync(reuse && File.Exists(file) ? new BenchDatabase("Sqlite", $"Data Source={file}", "SQLite") : BenchDatabase.Sqlite("sla-impact"),
                open, closed, runs, o, table);
        }
        if (which is "both" or "postgres")
        {
            if (((reuse ? await ExistingPostgreSqlAsync(o) : null) ?? await BenchDatabase.PostgreSqlAsync(o, "orchestrator_bench_sla")) is { } pg)
                await RunOnAsync(pg, open, closed, runs, o, table);
            else
                table.Note("PostgreSQL skipped: neither --pg nor ORCHESTRATOR_TEST_POSTGRES is set.");
        }
        table.Note("Target (issue 10): ≤ 10 s on SQLite and on PostgreSQL, with progress shown while it runs. p50 of the runs; "
                   + "\"server s\" is the job's own time (reading, evaluating, adding up) without the polling; "
                   + "\"host CPU s\" the CPU time the host process (bench included) used during a run (p50): what the machine's load cannot stretch.");
        table.Note(Machine.Describe());
        table.Print();
        return table;
    }

    private static async Task RunOnAsync(BenchDatabase database, int open, int closed, int runs, BenchOptions o, MarkdownTable table)
    {
        Console.WriteLine($"[{database.Label}] starting the host");
        await using var host = await BenchHost.StartAsync(database, null, $"--Auth:AdminApiKey={ApiKey}", "--Sla:RunEscalations=false");
        var address = host.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        var teams = new List<Guid>();
        var generate = Stopwatch.StartNew();
        var existing = await CountAsync(database);
        if (existing >= open + closed)
            Console.WriteLine($"[{database.Label}] reusing the {existing:N0} requests already there (--reuse)");
        for (var i = 0; i < 24 && existing < open + closed; i++)
        {
            var created = await Send(http, HttpMethod.Post, "/api/teams", new
            {
                code = $"T{i:D2}",
                name = $"Team {i}",
                productLines = new[] { ProductLines[i % ProductLines.Length] },
                regions = new[] { Regions[i % Regions.Length] },
            });
            teams.Add(created["id"]!.GetValue<Guid>());
        }

        if (existing < open + closed)
        {
            await using var connection = database.Provider == "Sqlite"
                ? (DbConnection)new SqliteConnection(database.ConnectionString)
                : new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            // the secondary indexes of the tables filled are dropped during the load and built again after it, sorted, at once
            var indexes = await IndexesAsync(connection);
            foreach (var (name, _) in indexes)
                await ExecuteAsync(connection, $"DROP INDEX {name}");
            if (connection is SqliteConnection)
                await ExecuteAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
            await GenerateAsync(connection, teams, open, closed);
            var building = Stopwatch.StartNew();
            foreach (var (_, create) in indexes)
                await ExecuteAsync(connection, create);
            await ExecuteAsync(connection, connection is SqliteConnection ? "ANALYZE" : "VACUUM ANALYZE");
            Console.WriteLine($"  {indexes.Count} indexes built again and statistics gathered in {building.Elapsed.TotalSeconds:F0} s");
        }
        generate.Stop();
        Console.WriteLine($"[{database.Label}] generated in {generate.Elapsed.TotalSeconds:F0} s");

        var draft = File.ReadAllText(SamplePath());
        await Send(http, HttpMethod.Put, "/api/sla-policies/default/draft",
            new { document = JsonNode.Parse(draft), comment = "bench: the sample policy as the draft" });

        var seconds = new List<double>();
        var loads = new List<string>();
        var cpuSeconds = new List<double>();
        var serverCpuSeconds = new List<double>();
        JsonNode? result = null;
        var updates = 0;
        for (var run = 1; run <= runs; run++)
        {
            if (o.Double("quiet", 0) is > 0 and var quiet)
                await Machine.WaitForQuietAsync(quiet, TimeSpan.FromMinutes(10));
            var load = Machine.LoadAverage();
            var now = DateTimeOffset.UtcNow;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var serverCpu = database.Provider == "Sqlite" ? 0 : PostgresCpuSeconds();
            var watch = Stopwatch.StartNew();
            var job = await Send(http, HttpMethod.Post, "/api/sla-policies/default/impact", new { closedFrom = now.AddDays(-90), closedTo = now });
            var seen = new HashSet<long>();
            while (job["status"]!.GetValue<string>() is "Queued" or "Running")
            {
                await Task.Delay(100);
                job = await Send(http, HttpMethod.Get, $"/api/sla-jobs/{job["id"]}", null);
                if (seen.Add(job["done"]!.GetValue<long>()))
                    Console.WriteLine($"  [{database.Label}] run {run}: {job["status"]} {job["done"]:N0} of {job["total"]:N0} ({job["percent"]} %) at {watch.Elapsed.TotalSeconds:F1} s");
            }
            watch.Stop();
            if (job["status"]!.GetValue<string>() != "Succeeded")
                throw new InvalidOperationException($"the preview failed: {job.ToJsonString()}");
            seconds.Add(watch.Elapsed.TotalSeconds);
            cpuSeconds.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            serverCpuSeconds.Add(database.Provider == "Sqlite" ? 0 : PostgresCpuSeconds() - serverCpu);
            loads.Add(load + " → " + Machine.LoadAverage());
            result = job["result"];
            updates = seen.Count;
            Console.WriteLine($"[{database.Label}] run {run}: {watch.Elapsed.TotalSeconds:F2} s, host CPU {cpuSeconds[^1]:F2} s, "
                              + $"PostgreSQL CPU {serverCpuSeconds[^1]:F2} s (load {load})");
        }

        var sorted = seconds.Order().ToList();
        var c = result!["closed"]!;
        table.Row(database.Label, generate.Elapsed.TotalSeconds, string.Join(", ", seconds.Select(Fmt.N)), sorted[(sorted.Count - 1) / 2],
            result["seconds"]!.GetValue<double>(), cpuSeconds.Order().ToList()[(cpuSeconds.Count - 1) / 2],
            database.Provider == "Sqlite" ? "(in the host)" : Fmt.N(serverCpuSeconds.Order().ToList()[(serverCpuSeconds.Count - 1) / 2]), updates,
            $"{result["open"]!["changed"]:N0} of {result["open"]!["open"]:N0}",
            $"{c["breachedBefore"]:N0} → {c["breachedUnderDraft"]:N0} of {c["closed"]:N0}", string.Join("; ", loads));
    }

    /// <summary>The database of an earlier run (--reuse), or null when there is none.</summary>
    private static async Task<BenchDatabase?> ExistingPostgreSqlAsync(BenchOptions o)
    {
        if ((o.String("pg") ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_POSTGRES")) is not { Length: > 0 } admin)
            return null;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'orchestrator_bench_sla'", connection);
        return await exists.ExecuteScalarAsync() is null
            ? null
            : new BenchDatabase("PostgreSql", new NpgsqlConnectionStringBuilder(admin) { Database = "orchestrator_bench_sla", MaxPoolSize = 50 }.ConnectionString, "PostgreSQL");
    }

    /// <summary>How many requests of the default policy the database holds (0 when it has no tables yet).</summary>
    private static async Task<long> CountAsync(BenchDatabase database)
    {
        await using var connection = database.Provider == "Sqlite"
            ? (DbConnection)new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM service_requests WHERE sla_policy_id = 'default'";
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        catch (DbException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The CPU time of the local PostgreSQL server (every postgres process, plus the children the postmaster reaped): what the
    /// database itself spends on a run on this machine; 0 where /proc does not show it.
    /// </summary>
    private static double PostgresCpuSeconds()
    {
        if (!Directory.Exists("/proc"))
            return 0;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out _) || !File.ReadAllText(Path.Combine(dir, "comm")).StartsWith("postgres", StringComparison.Ordinal))
                    continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime, stime, cutime, cstime (fields 14–17; 0-based 11–14 after the name)
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return ticks / 100.0;
    }

    private static readonly string[] Filled = ["customers", "service_requests", "sla_status_changes"];

    /// <summary>The secondary indexes (not those of primary keys or constraints) of the tables the bench fills: name and DDL.</summary>
    private static async Task<List<(string Name, string Create)>> IndexesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        var tables = string.Join(", ", Filled.Select(t => $"'{t}'"));
        command.CommandText = connection is SqliteConnection
            ? $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})"
            : $"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename IN ({tables}) "
              + "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)";
        var found = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            found.Add(("\"" + reader.GetString(0) + "\"", reader.GetString(1)));
        return found;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string SamplePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "data", "sla-default-v2.json")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new FileNotFoundException("samples/data/sla-default-v2.json not found above the bench"),
            "samples", "data", "sla-default-v2.json");
    }

    /// <summary>One generated request: its facts, its milestones and its status history.</summary>
    private sealed record Spec(Guid Id, int N, string Type, string Priority, string Status, Guid Customer, string Tier, string Region,
        string ProductLine, Guid Team, DateTimeOffset Opened, DateTimeOffset? Responded, DateTimeOffset? Arrived, DateTimeOffset? WorkStarted,
        DateTimeOffset? Resolved, List<(string Status, DateTimeOffset At)> History)
    {
        public SlaDueTimes Due { get; set; }
    }

    private static async Task GenerateAsync(DbConnection connection, List<Guid> teams, int open, int closed)
    {
        var random = new Random(10);
        var now = DateTimeOffset.UtcNow;
        var customers = Enumerable.Range(0, 20_000).Select(i => (Id: Guid.CreateVersion7(), Tier: Tiers[random.Next(Tiers.Length)], Region: Regions[i % Regions.Length])).ToList();
        await WriteAsync(connection, "customers",
            ["id", "code", "name", "kind", "region", "tier", "blacklisted", "loyalty_points", "contacts", "addresses", "created_at", "updated_at", "revision"],
            customers.Select((c, i) => new object?[] { c.Id, $"BC-{i + 1:D6}", $"Bench customer {i + 1}", "Company", c.Region, c.Tier, false, 0, "[]", "[]", now, now, 1 }));
        Console.WriteLine($"  {customers.Count:N0} customers");

        var version1 = SlaPolicyVersion.ShippedDefault();
        string[] requestColumns =
            ["id", "number", "type", "channel", "customer_id", "symptom", "priority", "status", "region", "product_line", "team_id", "opened_at",
                "first_responded_at", "arrived_at", "work_started_at", "resolved_at", "sla_policy_id", "sla_policy_version", "sla_rule_id",
                "first_response_due", "on_site_due", "resolution_due", "parts_cost", "labour_cost", "travel_cost", "created_at", "updated_at", "revision"];
        var total = open + closed;
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < total; start += 50_000)
        {
            var specs = Enumerable.Range(start, Math.Min(50_000, total - start))
                .Select(n => NewSpec(random, n, n < open, now, customers[random.Next(customers.Count)], teams[random.Next(teams.Count)])).ToArray();
            Parallel.ForEach(specs, s => s.Due = SlaRuleMatcher.DueTimes(version1,
                new SlaRequest(s.Type, s.Priority, s.Opened)
                {
                    CustomerTier = s.Tier,
                    Region = s.Region,
                    ProductLine = s.ProductLine,
                    WorkStartedAt = s.WorkStarted,
                    Pauses = version1.PausesFrom(s.History.Select(h => new SlaStatusChange(h.Status, h.At))),
                }));
            await WriteAsync(connection, "service_requests", requestColumns, specs.Select(s => new object?[]
            {
                s.Id, $"SR-B-{s.N:D7}", s.Type, "Phone", s.Customer, "Bench: the unit does not cool.", s.Priority, s.Status, s.Region,
                s.ProductLine, s.Team, s.Opened, s.Responded, s.Arrived, s.WorkStarted, s.Resolved, "default", 1, s.Due.RuleId,
                s.Due.FirstResponseDue, s.Due.OnSiteDue, s.Due.ResolutionDue, 0L, 0L, 0L, s.Opened, s.Resolved ?? s.Opened, 1,
            }));
            await WriteAsync(connection, "sla_status_changes", ["id", "request_id", "status", "at", "by"],
                specs.SelectMany(s => s.History.Select(h => new object?[] { Guid.CreateVersion7(), s.Id, h.Status, h.At, "bench" })));
            Console.WriteLine($"  {start + specs.Length:N0} of {total:N0} requests at {watch.Elapsed.TotalSeconds:F0} s");
        }
    }

    private static Spec NewSpec(Random random, int n, bool isOpen, DateTimeOffset now, (Guid Id, string Tier, string Region) customer, Guid team)
    {
        var type = Types[random.Next(Types.Length)];
        var priority = Priorities[random.Next(Priorities.Length)];
        var line = ProductLines[random.Next(ProductLines.Length)];
        var history = new List<(string, DateTimeOffset)>();
        DateTimeOffset Minutes(DateTimeOffset t, int min, int max) => t.AddMinutes(random.Next(min, max));
        if (isOpen)
        {
            var opened = now.AddMinutes(-random.Next(10, 14 * 24 * 60));
            history.Add(("Pending", opened));
            var status = "Pending";
            DateTimeOffset? responded = null, started = null;
            var t = opened;
            var stage = random.Next(5);
            if (stage >= 1)
            {
                t = Minutes(t, 5, 120);
                responded = t;
                history.Add((status = "Dispatched", t));
            }
            if (stage >= 2)
            {
                t = Minutes(t, 30, 600);
                started = t;
                history.Add((status = "InProgress", t));
            }
            if (stage >= 3)
            {
                t = Minutes(t, 10, 300);
                history.Add((status = random.Next(2) == 0 ? "WaitingForParts" : "WaitingForCustomer", t));
            }
            if (stage == 4)
            {
                t = Minutes(t, 60, 2000);
                history.Add((status = "InProgress", t));
            }
            if (t > now)
                history.RemoveAll(h => h.Item2 > now);
            return new Spec(Guid.CreateVersion7(), n, type, priority, history[^1].Item1, customer.Id, customer.Tier, customer.Region, line, team,
                opened, responded is { } r && r <= now ? r : null, null, started is { } s && s <= now ? s : null, null, history);
        }

        var resolved = now.AddMinutes(-random.Next(60, 89 * 24 * 60));
        var open = resolved.AddMinutes(-random.Next(120, 6 * 24 * 60));
        history.Add(("Pending", open));
        var at = Minutes(open, 2, 90);
        var respondedAt = at;
        history.Add(("Dispatched", at));
        var arrived = Minutes(at, 30, Math.Max(31, (int)(resolved - at).TotalMinutes / 2));
        history.Add(("InProgress", arrived));
        if (random.Next(3) == 0 && (resolved - arrived).TotalMinutes > 60)
        {
            var pause = Minutes(arrived, 1, (int)(resolved - arrived).TotalMinutes / 2);
            history.Add((random.Next(2) == 0 ? "WaitingForParts" : "WaitingForCustomer", pause));
            history.Add(("InProgress", Minutes(pause, 1, Math.Max(2, (int)(resolved - pause).TotalMinutes))));
        }
        history.Add(("Resolved", resolved));
        var final = random.Next(4) == 0 ? "Resolved" : "Closed";
        if (final == "Closed")
            history.Add(("Closed", resolved.AddHours(2)));
        history.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return new Spec(Guid.CreateVersion7(), n, type, priority, final, customer.Id, customer.Tier, customer.Region, line, team, open,
            respondedAt, arrived, arrived, resolved, history);
    }

    /// <summary>
    /// Rows into one table in bulk: on SQLite a prepared INSERT of 100 rows at a time, all in one transaction; on PostgreSQL one
    /// binary COPY.
    /// </summary>
    private static async Task WriteAsync(DbConnection connection, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                foreach (var v in row)
                {
                    switch (v)
                    {
                        case null: await copy.WriteNullAsync(); break;
                        case DateTimeOffset d: await copy.WriteAsync(d.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz); break;
                        case string text: await copy.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text); break;
                        default: await copy.WriteAsync(v); break;
                    }
                }
            }
            await copy.CompleteAsync();
            return;
        }

        const int perStatement = 100;
        var sqlite = (SqliteConnection)connection;
        await using var transaction = sqlite.BeginTransaction();
        SqliteCommand Command(int count)
        {
            var command = sqlite.CreateCommand();
            command.Transaction = transaction;
            var values = Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", columns.Select((_, c) => $"@p{r}_{c}")) + ")");
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)}";
            for (var r = 0; r < count; r++)
                for (var c = 0; c < columns.Length; c++)
                    command.Parameters.Add(new SqliteParameter($"@p{r}_{c}", DBNull.Value));
            command.Prepare();
            return command;
        }
        static object Value(object? v) => v switch
        {
            null => DBNull.Value,
            Guid g => g.ToString().ToUpperInvariant(),
            DateTimeOffset d => Binary.ConvertToProvider(d)!,
            bool b => b ? 1 : 0,
            _ => v,
        };
        await using var full = Command(perStatement);
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var command = chunk.Length == perStatement ? full : Command(chunk.Length);
            for (var r = 0; r < chunk.Length; r++)
                for (var c = 0; c < columns.Length; c++)
                    command.Parameters[(r * columns.Length) + c].Value = Value(chunk[r][c]);
            await command.ExecuteNonQueryAsync();
            if (command != full)
                await command.DisposeAsync();
        }
        await transaction.CommitAsync();
    }
}
