using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orchestrator.EngineHost.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>The <c>Database</c> section. <c>ConnectionStrings:Orchestrator</c> says where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start.</summary>
    public bool Migrate { get; set; } = true;

    /// <summary>SQLite busy timeout: how long a writer waits for the file lock.</summary>
    [Range(0, 600_000)]
    public int SqliteBusyTimeoutMs { get; set; } = 5000;

    /// <summary>SQLite <c>synchronous</c>: FULL (default; a commit survives a power cut) or NORMAL.</summary>
    [RegularExpression("^(FULL|NORMAL)$", ErrorMessage = "Database:SqliteSynchronous must be FULL or NORMAL.")]
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// SQLite's page cache per connection, in MB (0: SQLite's own 2 MB). One inbox page (100 tasks with their requests,
    /// customers, products and marks) reads about 1,000 pages of a large file: with 2 MB they no longer fit, and each
    /// request read most of them from the file again (docs/benchmarks.md, "Session 10: inbox list API").
    /// </summary>
    [Range(0, 4096)]
    public int SqliteCacheSizeMb { get; set; } = 16;

    /// <summary>Keep SQLite's compiled statements for the life of a connection (<see cref="SqliteStatementCache"/>).</summary>
    public bool SqliteStatementCache { get; set; } = true;

    /// <summary>One writer at a time inside this host, handed over at once in order (<c>SqliteWriteGate</c>) instead of SQLite's busy sleeps.</summary>
    public bool SqliteWriteGate { get; set; } = true;

    /// <summary>Reads the section; a provider that is not one of the three stops the host with a sentence naming the key.</summary>
    public static DatabaseOptions Read(IConfiguration configuration)
    {
        var raw = configuration[$"{Section}:Provider"];
        if (!string.IsNullOrEmpty(raw) && !Enum.TryParse<DatabaseProvider>(raw, ignoreCase: true, out _))
            throw new OptionsValidationException(Section, typeof(DatabaseOptions),
                [$"Database:Provider is '{raw}'; it must be Sqlite, PostgreSql or SqlServer."]);
        return configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
    }
}
