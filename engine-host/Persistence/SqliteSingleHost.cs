namespace Orchestrator.EngineHost.Persistence;

/// <summary>
/// SQLite is for one host: a second host on the same file would run the same dispatches and timers.
/// The host holds an exclusive lock on <c>&lt;database&gt;.host-lock</c> while it runs (the OS releases it
/// even on SIGKILL); a second host refuses to start with a sentence saying why.
/// </summary>
public sealed class SqliteSingleHost : IDisposable
{
    private readonly FileStream _lock;

    public SqliteSingleHost(string databasePath)
    {
        LockPath = databasePath + ".host-lock";
        try
        {
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another Orchestrator host is running on the SQLite database {databasePath} (it holds {LockPath}). " +
                "SQLite serves one host; to run several hosts, use Database:Provider=PostgreSql or SqlServer.", e);
        }
    }

    public string LockPath { get; }

    public void Dispose() => _lock.Dispose();
}
