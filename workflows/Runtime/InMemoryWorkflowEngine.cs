using System.Text.Json.Nodes;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>
/// Runs flows with no database: the same bursts, activities and expressions, with every record
/// kept in memory. For embedding, tests and the no-persistence benchmark; not durable.
/// </summary>
public sealed class InMemoryWorkflowEngine(BurstServices services, IServiceProvider provider)
{
    public sealed class Run
    {
        internal Run(InstanceRecord instance, CompiledDefinition compiled, InMemoryBurstStore store)
        {
            Instance = instance;
            Compiled = compiled;
            Store = store;
        }

        public InstanceRecord Instance { get; }
        public CompiledDefinition Compiled { get; }
        public InMemoryBurstStore Store { get; }
        public List<BookmarkRecord> Bookmarks { get; } = [];
    }

    public static CompiledDefinition Compile(WorkflowDefinition definition) => new(Guid.NewGuid(), definition);

    public async Task<Run> StartAsync(CompiledDefinition compiled, JsonObject? input = null, bool keepLog = true,
        CancellationToken cancellationToken = default)
    {
        var now = services.Clock.GetUtcNow();
        var instance = new InstanceRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = compiled.Definition.DefinitionId,
            DefinitionVersion = compiled.Definition.Version,
            DefinitionRecordId = compiled.RecordId,
            Status = InstanceStatus.Pending,
            Input = (input ?? []).ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = new Run(instance, compiled, new InMemoryBurstStore { KeepLog = keepLog });
        var burst = NewBurst(run, cancellationToken);
        burst.Start();
        await burst.RunAsync();
        return run;
    }

    /// <summary>Resumes a bookmark of the run (a task completed, an event, a timer); false when none matches.</summary>
    public async Task<bool> ResumeAsync(Run run, string name, string key, JsonNode? payload = null, string? outcome = null,
        CancellationToken cancellationToken = default)
    {
        var burst = NewBurst(run, cancellationToken);
        if (!burst.Resume(name, key, payload, outcome))
            return false;
        await burst.RunAsync();
        return true;
    }

    private Burst NewBurst(Run run, CancellationToken ct) =>
        new(services, run.Store, null, provider, run.Instance, run.Compiled, run.Bookmarks, null,
            new Dictionary<string, object?>(), ct);
}
