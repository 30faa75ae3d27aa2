using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>diag</c>: is the dispatcher woken in-process after a commit that wrote a dispatch (it was not, once: the
/// flag lived in an AsyncLocal lost between EF's interceptor calls; WakeUpTests guards it now)? Lists the host
/// DbContext's interceptors, then commits a start (dispatcher off, so nothing consumes the signal) with
/// SaveChangesAsync and with SaveChanges, and asks the DispatchSignal whether it was released.
/// </summary>
public static class Diag
{
    public static async Task<int> RunAsync()
    {
        var db = BenchDatabase.Sqlite("diag");
        await using var host = await BenchHost.StartAsync(db, null, "--Workflows:RunDispatcher=false");
        var version = await host.PublishAsync(Flows.Sequence($"diag-{Guid.NewGuid():N}", 1));
        var signal = host.App.Services.GetRequiredService<DispatchSignal>();
        while (await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
            // drain what publishing left
        }
        await using var scope = host.App.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<DbContext>();
        var core = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!;
        Console.WriteLine("interceptors: " + string.Join(", ", (core.Interceptors ?? []).Select(i => i.GetType().Name)));
        var client = scope.ServiceProvider.GetRequiredService<WorkflowClient>();
        await client.StartAsync(version.DefinitionId, null, null, CancellationToken.None, version: version);
        await context.SaveChangesAsync();
        Console.WriteLine($"start committed with SaveChangesAsync → dispatcher woken: {await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None)}");
        await client.StartAsync(version.DefinitionId, null, null, CancellationToken.None, version: version);
        context.SaveChanges();
        Console.WriteLine($"start committed with SaveChanges      → dispatcher woken: {await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None)}");
        return 0;
    }
}
