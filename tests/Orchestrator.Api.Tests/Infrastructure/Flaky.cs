using System.Collections.Concurrent;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>Fails while its switch (input "switch") is on; retried twice, 1 s apart, before an incident.</summary>
public sealed class Flaky : Activity
{
    public static readonly ConcurrentDictionary<string, bool> Failing = new();

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Test.Flaky",
        Category = "Test",
        DisplayName = "Flaky",
        Description = "Fails while its switch is on.",
        Inputs = [new("switch", "Switch", Required: true)],
        Retry = new RetryPolicy(2, TimeSpan.FromSeconds(1)),
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var name = context.InputString("switch")!;
        return ValueTask.FromResult(Failing.GetValueOrDefault(name)
            ? ActivityResult.Fault($"switch '{name}' is on")
            : ActivityResult.Done("Done"));
    }
}
