using System.Data.Common;
using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The inbox benchmark's data, written in bulk straight into the host's tables: teams, ~200 users (agents and supervisors),
/// customers and their installed products, then open tasks (each with its suspended instance, bookmark and service
/// request) and finished instances (completed instance, completed task, closed request, log rows). The engine rows are
/// copies of one instance the real engine ran (so they have the engine's exact shape), with new ids, times and people.
/// SQLite: prepared multi-row INSERTs in large transactions; PostgreSQL: binary COPY.
/// </summary>
public static class InboxData
{
    public const string Password = "bench-password-1";
    public static readonly string[] Teams = ["north", "south", "east", "west", "central", "key-accounts"];
    public const int Agents = 180;
    public const int Supervisors = 20;

    public static string Agent(int i) => $"agent{i:D3}";
    public static string Supervisor(int i) => $"sup{i:D2}";
    public static string TeamOfAgent(int i) => Teams[i % Teams.Length];

    private static readonly string[] Symptoms =
    [
        "Unit makes a loud noise when starting", "Not cooling, fan runs", "Water leaking under the indoor unit", "Error code E4 on the display",
        "Remote control does not respond", "Compressor trips the breaker", "Smells of burning plastic", "Ice on the outdoor coil",
        "Display flickers and resets", "Installation of a new unit, second floor", "Annual preventive maintenance", "Door seal torn",
        "Drum does not turn", "Vibration during spin", "No hot water", "Pilot light goes out", "Customer complains about the last visit",
        "Return: unit arrived damaged", "Thermostat reads 5 degrees too high", "Intermittent power loss",
    ];
    private static readonly string[] Verbs = ["Call the customer", "Diagnose", "Schedule a visit", "Approve the quote", "Check warranty", "Follow up"];

    /// <summary>One real open task and one real finished instance, as the engine wrote them.</summary>
    public sealed record Templates(InstanceRecord OpenInstance, HumanTaskRecord OpenTask, List<BookmarkRecord> Bookmarks,
        InstanceRecord DoneInstance, HumanTaskRecord DoneTask, List<ExecutionLogRecord> Log);

    public static async Task<Templates> CaptureAsync(BenchHost host, DefinitionRecord version)
    {
        var id = (await host.StartBatchAsync(version, 1))[0];
        var task = await PollAsync(host, db => db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.InstanceId == id));
        var instance = await PollAsync(host, db => db.Set<InstanceRecord>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.Status == InstanceStatus.Suspended));
        var bookmarks = await host.ScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<BookmarkRecord>().AsNoTracking()
            .Where(b => b.InstanceId == id).ToListAsync());
        await host.ScopeAsync(async sp => await sp.GetRequiredService<TaskCompletion>().CompleteAsync(task.Id, "Done", null, null, "bench",
            CancellationToken.None));
        var done = await PollAsync(host, db => db.Set<InstanceRecord>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.Status == InstanceStatus.Completed));
        var doneTask = await PollAsync(host, db => db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == task.Id));
        var log = await host.ScopeAsync(sp => sp.GetRequiredService<DbContext>().Set<ExecutionLogRecord>().AsNoTracking()
            .Where(l => l.InstanceId == id).OrderBy(l => l.Sequence).ToListAsync());
        return new Templates(instance, task, bookmarks, done, doneTask, log);
    }

    private static async Task<T> PollAsync<T>(BenchHost host, Func<DbContext, Task<T?>> query) where T : class
    {
        var stop = Stopwatch.StartNew();
        while (stop.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await host.ScopeAsync(sp => query(sp.GetRequiredService<DbContext>())) is { } found)
                return found;
            await Task.Delay(50);
        }
        throw new TimeoutException("the template instance did not get there within 60 s");
    }

    /// <summary>Writes everything; prints progress. Returns the number of rows written.</summary>
    public static async Task<long> GenerateAsync(BenchHost host, Templates t, int open, int finished, int logRows, int customers)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(20261126);
        var stop = Stopwatch.StartNew();
        await using var sink = await Sink.OpenAsync(host);
        long rows = 0;

        // people and master data
        var hash = await host.ScopeAsync(sp => Task.FromResult(sp.GetRequiredService<IPasswordHasher<UserRecord>>()
            .HashPassword(new UserRecord { Username = "x", DisplayName = "x", PasswordHash = "" }, Password)));
        var users = Enumerable.Range(1, Agents).Select(i => User(Agent(i), $"Agent {i}", Roles.Agent, TeamOfAgent(i), hash, now))
            .Concat(Enumerable.Range(1, Supervisors).Select(i => User(Supervisor(i), $"Supervisor {i}", Roles.Supervisor, Teams[i % Teams.Length], hash, now)))
            .ToList();
        var teams = Teams.Select(code => new TeamRecord { Code = code, Name = $"Team {code}", CreatedAt = now, UpdatedAt = now }).ToList();
        var models = Enumerable.Range(1, 12).Select(i => new ProductModel
        {
            ModelCode = $"BM-{i:D2}",
            Name = $"Bench model {i}",
            ProductLine = i % 3 == 0 ? "washer" : i % 3 == 1 ? "air-conditioner" : "boiler",
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        var customerList = Enumerable.Range(1, customers).Select(i => new Customer
        {
            Code = $"BC{i:D6}",
            Name = i % 2 == 0 ? $"Customer {i} Ltd" : $"客户 {i} 有限公司",
            Phone = $"138{i:D8}",
            Region = Teams[i % Teams.Length],
            City = "Shanghai",
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        var products = customerList.Select((c, i) => new InstalledProduct
        {
            SerialNumber = $"BSN{i + 1:D8}",
            ModelId = models[i % models.Count].Id,
            CustomerId = c.Id,
            ProductLine = models[i % models.Count].ProductLine,
            SaleDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(i % 900)),
            WarrantyEnd = DateOnly.FromDateTime(now.UtcDateTime).AddDays(365 - i % 900),
            SiteAddress = $"Zhangjiang Road {i + 1}",
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        rows += await sink.WriteAsync([users]) + await sink.WriteAsync([teams]) + await sink.WriteAsync([models]);
        rows += await sink.WriteAsync([customerList]) + await sink.WriteAsync([products]);
        Console.WriteLine($"  {users.Count} users, {teams.Count} teams, {customers} customers and products in {stop.Elapsed.TotalSeconds:F1} s");

        // the big tables' secondary indexes are built once at the end (sorted) rather than row by row
        var dropped = await sink.DropIndexesAsync("workflow_instances", "workflow_tasks", "workflow_bookmarks", "service_requests",
            "workflow_execution_log");
        var types = Enum.GetValues<ServiceRequestType>();
        var agentsByTeam = Enumerable.Range(1, Agents).GroupBy(TeamOfAgent).ToDictionary(g => g.Key, g => g.Select(Agent).ToArray());
        const int chunk = 20_000;
        var number = 0;
        foreach (var (count, isOpen) in new[] { (open, true), (finished, false) })
        {
            for (var start = 0; start < count; start += chunk)
            {
                var n = Math.Min(chunk, count - start);
                var instances = new List<InstanceRecord>(n);
                var tasks = new List<HumanTaskRecord>(n);
                var bookmarks = new List<BookmarkRecord>(isOpen ? n : 0);
                var requests = new List<ServiceRequest>(n);
                var log = new List<ExecutionLogRecord>(isOpen ? 0 : n * logRows);
                for (var k = 0; k < n; k++)
                {
                    number++;
                    var created = isOpen
                        ? now - TimeSpan.FromMinutes(random.Next(5, 14 * 24 * 60))
                        : now - TimeSpan.FromDays(15) - TimeSpan.FromMinutes(random.Next(0, 700 * 24 * 60));
                    var instance = Clone(isOpen ? t.OpenInstance : t.DoneInstance);
                    var task = Clone(isOpen ? t.OpenTask : t.DoneTask);
                    instance.Id = Guid.CreateVersion7(created);
                    task.Id = Guid.CreateVersion7(created);
                    task.InstanceId = instance.Id;
                    instance.State = Replace(instance.State, t, instance.Id, task.Id);
                    instance.Input = Replace(instance.Input, t, instance.Id, task.Id);
                    instance.CreatedAt = created;
                    var type = types[random.Next(types.Length)];
                    var customer = random.Next(customers);
                    var srNumber = $"SR-2026-{number:D7}";
                    var symptom = Symptoms[random.Next(Symptoms.Length)];
                    var team = random.Next(10) == 0 ? null : Teams[random.Next(Teams.Length)];
                    task.Team = team;
                    task.Role = random.Next(100) switch { < 75 => "agent", < 95 => null, _ => "dispatcher" };
                    var teamAgents = agentsByTeam[team ?? Teams[random.Next(Teams.Length)]];
                    task.Assignee = random.Next(100) < 35 ? null : teamAgents[random.Next(teamAgents.Length)];
                    task.Priority = random.Next(100) switch { < 5 => "urgent", < 25 => "high", < 75 => "normal", < 85 => "low", _ => null };
                    task.Title = $"{Verbs[random.Next(Verbs.Length)]}: {srNumber}";
                    task.CorrelationId = srNumber;
                    task.CreatedAt = created;
                    // due: most in the coming days, some breaching within the hour, some already breached, a few without one
                    task.DueAt = random.Next(100) switch
                    {
                        < 5 => null,
                        < 10 => now - TimeSpan.FromMinutes(random.Next(1, 24 * 60)),
                        < 13 => now + TimeSpan.FromMinutes(random.Next(1, 120)),
                        _ => now + TimeSpan.FromMinutes(random.Next(120, 7 * 24 * 60)),
                    };
                    var status = isOpen
                        ? random.Next(100) switch
                        {
                            < 30 => ServiceRequestStatus.Pending,
                            < 60 => ServiceRequestStatus.Dispatched,
                            < 85 => ServiceRequestStatus.InProgress,
                            < 93 => ServiceRequestStatus.WaitingForCustomer,
                            _ => ServiceRequestStatus.WaitingForParts,
                        }
                        : random.Next(10) == 0 ? ServiceRequestStatus.Cancelled : ServiceRequestStatus.Closed;
                    if (isOpen)
                    {
                        instance.UpdatedAt = created;
                        foreach (var template in t.Bookmarks)
                        {
                            var b = Clone(template);
                            b.Id = Guid.CreateVersion7(created);
                            b.InstanceId = instance.Id;
                            b.CorrelationKey = Replace(b.CorrelationKey, t, instance.Id, task.Id);
                            b.Payload = b.Payload is null ? null : Replace(b.Payload, t, instance.Id, task.Id);
                            b.CreatedAt = created;
                            bookmarks.Add(b);
                        }
                    }
                    else
                    {
                        var completed = created + TimeSpan.FromMinutes(random.Next(5, 5 * 24 * 60));
                        instance.UpdatedAt = completed;
                        instance.CompletedAt = completed;
                        task.CompletedAt = completed;
                        task.CompletedBy = task.Assignee ?? teamAgents[random.Next(teamAgents.Length)];
                        task.Assignee = task.CompletedBy;
                        for (var l = 0; l < logRows && l < t.Log.Count; l++)
                        {
                            var entry = Clone(t.Log[l]);
                            entry.Id = 0;
                            entry.InstanceId = instance.Id;
                            entry.At = l == 0 ? created : completed;
                            entry.DispatchId = null;
                            log.Add(entry);
                        }
                    }
                    requests.Add(new ServiceRequest
                    {
                        Id = Guid.CreateVersion7(created),
                        Number = srNumber,
                        Type = type,
                        Channel = (RequestChannel)random.Next(7),
                        CustomerId = customerList[customer].Id,
                        InstalledProductId = products[customer].Id,
                        Symptom = symptom,
                        Priority = task.Priority switch { "urgent" => RequestPriority.Urgent, "high" => RequestPriority.High, "low" => RequestPriority.Low, _ => RequestPriority.Normal },
                        Status = status,
                        Region = customerList[customer].Region,
                        ProductLine = products[customer].ProductLine,
                        OpenedAt = created,
                        ResolutionDue = task.DueAt,
                        ResolvedAt = isOpen ? null : instance.CompletedAt,
                        InstanceId = instance.Id,
                        CreatedAt = created,
                        UpdatedAt = instance.UpdatedAt,
                    });
                    instances.Add(instance);
                    tasks.Add(task);
                }
                rows += await sink.WriteAsync([instances, tasks, bookmarks, requests, log]);
                Console.WriteLine($"  {(isOpen ? "open tasks" : "finished instances")}: {start + n:N0} / {count:N0}, {rows:N0} rows in {stop.Elapsed.TotalSeconds:F0} s");
            }
        }
        Console.WriteLine($"  building {dropped.Count} indexes");
        await sink.ExecuteAsync(dropped);
        await sink.ExecuteAsync([host.Database.Provider == "Sqlite" ? "ANALYZE" : "VACUUM ANALYZE"]);
        Console.WriteLine($"  generated {rows:N0} rows in {stop.Elapsed.TotalSeconds:F0} s (statistics refreshed)");
        return rows;
    }

    private static UserRecord User(string name, string display, string role, string team, string hash, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Username = name,
        DisplayName = display,
        PasswordHash = hash,
        Roles = [role],
        Teams = [team],
        Locale = "en",
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static string Replace(string text, Templates t, Guid instance, Guid task) => text
        .Replace(t.OpenInstance.Id.ToString(), instance.ToString(), StringComparison.OrdinalIgnoreCase)
        .Replace(t.OpenTask.Id.ToString(), task.ToString(), StringComparison.OrdinalIgnoreCase);

    private static readonly Func<object, object> ShallowCopy = (Func<object, object>)Delegate.CreateDelegate(typeof(Func<object, object>),
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!);

    private static T Clone<T>(T source) where T : class => (T)ShallowCopy(source);

    /// <summary>The benchmark's own connection to the host's database, writing rows of EF entity types to their tables.</summary>
    private sealed class Sink : IAsyncDisposable
    {
        public static bool Trace = Environment.GetEnvironmentVariable("INBOX_BENCH_TRACE") == "1";

        private readonly DbConnection _connection;
        private readonly IModel _model;
        private readonly bool _sqlite;
        private readonly Dictionary<Type, Table> _tables = [];

        private Sink(DbConnection connection, IModel model, bool sqlite)
        {
            _connection = connection;
            _model = model;
            _sqlite = sqlite;
        }

        public static async Task<Sink> OpenAsync(BenchHost host)
        {
            var model = await host.ScopeAsync(sp => Task.FromResult(sp.GetRequiredService<DbContext>().Model));
            var sqlite = host.Database.Provider == "Sqlite";
            DbConnection connection = sqlite ? new SqliteConnection(host.Database.ConnectionString) : new NpgsqlConnection(host.Database.ConnectionString);
            await connection.OpenAsync();
            if (sqlite)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout=60000; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;";
                await pragma.ExecuteNonQueryAsync();
            }
            return new Sink(connection, model, sqlite);
        }

        /// <summary>Writes each list to its table (SQLite: in one transaction).</summary>
        public async Task<long> WriteAsync(System.Collections.IList[] lists)
        {
            long written = 0;
            await using var transaction = _sqlite ? await _connection.BeginTransactionAsync() : null;
            foreach (var list in lists)
            {
                if (list.Count == 0)
                    continue;
                var type = list[0]!.GetType();
                if (!_tables.TryGetValue(type, out var table))
                    _tables[type] = table = new Table(_model.FindEntityType(type) ?? throw new InvalidOperationException($"{type} is not in the model"));
                if (Trace)
                    Console.WriteLine($"    {type.Name}: {list.Count} rows");
                written += _sqlite ? table.InsertSqlite((SqliteConnection)_connection, (SqliteTransaction)transaction!, list)
                    : await table.CopyAsync((NpgsqlConnection)_connection, list);
            }
            if (transaction is not null)
                await transaction.CommitAsync();
            return written;
        }

        public async Task ExecuteAsync(IEnumerable<string> statements)
        {
            foreach (var sql in statements)
            {
                await using var command = _connection.CreateCommand();
                command.CommandText = sql;
                command.CommandTimeout = 1800;
                await command.ExecuteNonQueryAsync();
            }
        }

        /// <summary>Drops the tables' indexes (not their keys); the statements that create them again.</summary>
        public async Task<List<string>> DropIndexesAsync(params string[] tables)
        {
            var found = new List<(string Name, string Sql)>();
            await using (var command = _connection.CreateCommand())
            {
                var names = string.Join(", ", tables.Select(t => $"'{t}'"));
                command.CommandText = _sqlite
                    ? $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({names})"
                    : $"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({names}) AND indexname NOT IN (SELECT conname FROM pg_constraint)";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    found.Add((reader.GetString(0), reader.GetString(1)));
            }
            await ExecuteAsync(found.Select(i => $"DROP INDEX \"{i.Name}\""));
            return found.Select(i => i.Sql).ToList();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var table in _tables.Values)
                table.Dispose();
            await _connection.DisposeAsync();
        }
    }

    /// <summary>One table: its columns and how to read each one's database value from an entity (the model's converters applied).</summary>
    private sealed class Table(IEntityType entity) : IDisposable
    {
        private readonly string _name = entity.GetTableName()!;

        private readonly List<(string Column, Func<object, object?> Value)> _columns = entity.GetProperties()
            // identity keys (the execution log's) are the database's
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType == typeof(long)))
            .Select(p => (p.GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))!, Reader(p)))
            .ToList();

        private SqliteCommand? _insert;
        private int _rowsPerInsert;

        private static Func<object, object?> Reader(IProperty p)
        {
            if (p.PropertyInfo is null)
                throw new InvalidOperationException($"{p.DeclaringType.DisplayName()}.{p.Name} is a shadow property: the bench cannot write it");
            var e = Expression.Parameter(typeof(object));
            var get = Expression.Lambda<Func<object, object?>>(
                Expression.Convert(Expression.Property(Expression.Convert(e, p.DeclaringType.ClrType), p.PropertyInfo), typeof(object)), e).Compile();
            var converter = p.GetTypeMapping().Converter;
            return converter is null ? get : x => get(x) is { } v ? converter.ConvertToProvider(v) : null;
        }

        private string Columns => string.Join(", ", _columns.Select(c => $"\"{c.Column}\""));

        public int InsertSqlite(SqliteConnection connection, SqliteTransaction transaction, System.Collections.IList rows)
        {
            if (_insert is null)
            {
                // sqlite3_bind_parameter_index searches the names one by one: a few hundred parameters per statement, not thousands
                _rowsPerInsert = Math.Max(1, 400 / _columns.Count);
                _insert = Command(connection, _rowsPerInsert);
                _insert.Prepare();
            }
            _insert.Transaction = transaction;
            var i = 0;
            for (; i + _rowsPerInsert <= rows.Count; i += _rowsPerInsert)
                Bind(_insert, rows, i, _rowsPerInsert).ExecuteNonQuery();
            if (i < rows.Count)
            {
                using var rest = Command(connection, rows.Count - i);
                rest.Transaction = transaction;
                Bind(rest, rows, i, rows.Count - i).ExecuteNonQuery();
            }
            return rows.Count;
        }

        private SqliteCommand Command(SqliteConnection connection, int count)
        {
            var command = connection.CreateCommand();
            var values = string.Join(", ", Enumerable.Range(0, count)
                .Select(r => "(" + string.Join(", ", _columns.Select((_, c) => $"@p{r * _columns.Count + c}")) + ")"));
            command.CommandText = $"INSERT INTO \"{_name}\" ({Columns}) VALUES {values}";
            for (var p = 0; p < count * _columns.Count; p++)
                command.Parameters.Add(new SqliteParameter($"@p{p}", DBNull.Value));
            return command;
        }

        private SqliteCommand Bind(SqliteCommand command, System.Collections.IList rows, int from, int count)
        {
            var p = 0;
            for (var r = from; r < from + count; r++)
            {
                var row = rows[r]!;
                foreach (var (_, value) in _columns)
                {
                    command.Parameters[p++].Value = value(row) switch
                    {
                        null => DBNull.Value,
                        Guid g => g.ToString().ToUpperInvariant(), // EF's SQLite GUIDs are upper-case text
                        var v => v,
                    };
                }
            }
            return command;
        }

        public async Task<int> CopyAsync(NpgsqlConnection connection, System.Collections.IList rows)
        {
            await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{_name}\" ({Columns}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                importer.StartRow();
                foreach (var (_, read) in _columns)
                {
                    switch (read(row!))
                    {
                        case null: importer.WriteNull(); break;
                        case Guid v: importer.Write(v, NpgsqlDbType.Uuid); break;
                        case string v: importer.Write(v, NpgsqlDbType.Text); break;
                        case DateTimeOffset v: importer.Write(v.ToUniversalTime(), NpgsqlDbType.TimestampTz); break;
                        case int v: importer.Write(v, NpgsqlDbType.Integer); break;
                        case long v: importer.Write(v, NpgsqlDbType.Bigint); break;
                        case short v: importer.Write(v, NpgsqlDbType.Smallint); break;
                        case bool v: importer.Write(v, NpgsqlDbType.Boolean); break;
                        case double v: importer.Write(v, NpgsqlDbType.Double); break;
                        case decimal v: importer.Write(v, NpgsqlDbType.Numeric); break;
                        case DateOnly v: importer.Write(v, NpgsqlDbType.Date); break;
                        case var v: throw new InvalidOperationException($"{_name}: no COPY mapping for {v.GetType()}");
                    }
                }
            }
            await importer.CompleteAsync();
            return rows.Count;
        }

        public void Dispose() => _insert?.Dispose();
    }
}
