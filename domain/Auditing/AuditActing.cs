namespace Orchestrator.Domain.Auditing;

/// <summary>
/// Work done in the background on someone's behalf (an import they uploaded) is audited under their name:
/// <c>using (AuditActing.As(name)) …</c> overrides <see cref="IAuditActor"/> for the code that runs inside.
/// </summary>
public static class AuditActing
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? Name => Current.Value;

    public static IDisposable As(string name)
    {
        var previous = Current.Value;
        Current.Value = name;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
