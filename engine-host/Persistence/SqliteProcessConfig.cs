using SQLitePCL;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>
/// SQLite's process-wide settings, applied once before the first connection opens (SQLite takes them only before it
/// initialises). Memory statistics off (<c>SQLITE_CONFIG_MEMSTATUS</c>, 0): with them on — the default of the bundled
/// library — every allocation and free inside SQLite takes one process-wide mutex to count bytes nobody reads here, so
/// threads reading on their own connections at once queue on it.
/// </summary>
internal static class SqliteProcessConfig
{
    private static readonly Lazy<int> Applied = new(() =>
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    });

    /// <summary>SQLITE_OK, or SQLITE_MISUSE when SQLite had already started in this process (nothing changes then).</summary>
    public static int Apply() => Applied.Value;
}
