using Npgsql;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>A fresh, empty database for one fixture: a SQLite file or a PostgreSQL database.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }
    public abstract ValueTask DisposeAsync();

    public static TestDatabase Create(string provider) => provider switch
    {
        "Sqlite" => new SqliteTestDatabase(),
        "PostgreSql" => PostgresTestDatabase.Create(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orchestrator-test-").FullName;

    public override string Provider => "Sqlite";
    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "orchestrator.db")}";

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database of its own on the server named by ORCHESTRATOR_TEST_POSTGRES (./test.sh starts a
/// throwaway cluster and sets it). Unset, it means the local default server; an unreachable
/// server fails the test with a sentence, it never skips.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "ORCHESTRATOR_TEST_POSTGRES";
    private readonly string _admin;
    private readonly string _name;

    private PostgresTestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    public override string Provider => "PostgreSql";
    public override string ConnectionString { get; }

    public static PostgresTestDatabase Create() => CreateOn(Environment.GetEnvironmentVariable(Variable)
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres");

    public static PostgresTestDatabase CreateOn(string admin)
    {
        var name = "orch_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is unreachable at '{Redact(admin)}' ({e.Message}). Run ./test.sh, which starts a throwaway " +
                $"cluster, or set {Variable} to a reachable server.", e);
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    private static string Redact(string cs)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        if (!string.IsNullOrEmpty(b.Password)) b.Password = "***";
        return b.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
