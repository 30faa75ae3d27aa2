using System.ComponentModel.DataAnnotations;

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
}
