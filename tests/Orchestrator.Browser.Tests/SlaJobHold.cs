using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.Browser.Tests;

/// <summary>
/// Holds the next SLA job at its first progress update until the job is cancelled (its token, the one the host's cancel
/// endpoint trips) or the test lets it go: a preview over a handful of requests stays running long enough to be cancelled
/// from the page, without sleeping. Test code only: an EF interceptor added to the host's SQLite context.
/// </summary>
public sealed class SlaJobHold : DbCommandInterceptor
{
    private TaskCompletionSource? _armed;

    /// <summary>Signalled once the held job waits.</summary>
    public TaskCompletionSource Held { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next SLA job waits at its first progress update.</summary>
    public void Arm()
    {
        Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets a held job go on, and the next ones run freely.</summary>
    public void Release() => Interlocked.Exchange(ref _armed, null)?.TrySetResult();

    public static void Register(IServiceCollection services, SlaJobHold hold) =>
        services.ConfigureDbContext<SqliteOrchestratorDbContext>((_, o) => o.AddInterceptors(hold));

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        // the runner's progress update: UPDATE "sla_jobs" … SET "done" = …, "total" = …
        if (_armed is { } armed && command.CommandText.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("\"sla_jobs\"", StringComparison.Ordinal) && command.CommandText.Contains("\"total\"", StringComparison.Ordinal))
        {
            Held.TrySetResult();
            try
            {
                await armed.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.CompareExchange(ref _armed, null, armed); // one job only
            }
        }
        return result;
    }
}
