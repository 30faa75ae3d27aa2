using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Before the host reports started, runs one small flow through the real start and burst path — the start's
/// query, SaveChanges of an instance and its dispatch, the burst's reads, built-in activities, an expression,
/// a template, a task, the log writer — inside a transaction that is rolled back. The first request after a
/// boot then finds EF's queries and update pipeline compiled, Scriban loaded and the engine's code jitted,
/// instead of paying for it (about a second on this machine). Nothing is left in the database.
/// It runs once every hosted service has started (<see cref="IHostedLifecycleService.StartedAsync"/>), still before
/// the host reports started: Quartz's scheduler, started just before, does its first cold transactions in the same
/// SQLite file at that moment, and the warm-up waits them out instead of the first request; so it does for the first
/// passes of the engine's own background loops (<see cref="StartupPasses"/>).
/// </summary>
public sealed class EngineWarmUp(IServiceScopeFactory scopes, BurstRunner runner, IOptions<WorkflowOptions> options,
    StartupPasses startup, ILogger<EngineWarmUp> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUp)
            return;
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            await using var scope = scopes.CreateAsyncScope();
            await runner.WarmUpAsync(scope.ServiceProvider, Flow(), cancellationToken);
            var warm = started.Elapsed;
            await startup.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            log.LogInformation("Engine warmed up in {Elapsed} ms; background loops' first passes over after {Settled} ms",
                (int)warm.TotalMilliseconds, (int)started.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // only speed is at stake: the host serves anyway
            log.LogWarning(e, "Engine warm-up failed; the first flow after this start runs cold");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static WorkflowDefinition Flow()
    {
        static ActivityNode Node(string id, string type, Dictionary<string, JsonNode?>? inputs = null) =>
            new() { Id = id, Type = type, Inputs = inputs ?? [] };
        return new WorkflowDefinition
        {
            DefinitionId = $"warm-up-{Guid.NewGuid():N}",
            Name = "warm-up",
            Version = 1,
            Status = DefinitionStatus.Published,
            Activities =
            [
                Node("start", "Start"),
                Node("set", "SetVariable", new() { ["name"] = "amount", ["value"] = new JsonObject { ["expression"] = "(input.n ?? 1) * 2" } }),
                Node("check", "Decision", new() { ["condition"] = new JsonObject { ["expression"] = "vars.amount > 1" } }),
                Node("note", "Log", new() { ["message"] = new JsonObject { ["template"] = "amount {{ vars.amount }}" } }),
                Node("task", "HumanTask", new() { ["title"] = new JsonObject { ["template"] = "check {{ vars.amount }}" }, ["outcomes"] = new JsonArray("Done") }),
                Node("end", "End"),
            ],
            Connections =
            [
                new Connection("start", "Done", "set"), new Connection("set", "Done", "check"), new Connection("check", "True", "note"),
                new Connection("check", "False", "note"), new Connection("note", "Done", "task"), new Connection("task", "Done", "end"),
            ],
        };
    }
}
