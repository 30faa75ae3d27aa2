using System.Collections.Concurrent;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// The background loops' first passes (give back old claims, claim dispatches and outbox messages, fire due timers
/// and escalations) run at boot, cold (JIT, first statements), and on SQLite hold the file's write lock while they
/// do. Each loop says when its first pass is over; <see cref="EngineWarmUp"/> waits for them (bounded) before the
/// host reports started, so the first request after a boot does not queue behind them.
/// </summary>
public sealed class StartupPasses
{
    private readonly ConcurrentBag<Task> _passes = [];

    /// <summary>A loop's first pass begins; call <see cref="FirstPass.Done"/> when it is over (again later is harmless).</summary>
    public FirstPass Begin()
    {
        var pass = new FirstPass();
        _passes.Add(pass.Completion);
        return pass;
    }

    /// <summary>Waits until every first pass begun so far is over, or <paramref name="atMost"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(_passes.ToArray());
        await Task.WhenAny(all, Task.Delay(atMost, cancellationToken));
    }

    public sealed class FirstPass
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Task Completion => _done.Task;

        public void Done() => _done.TrySetResult();
    }
}
