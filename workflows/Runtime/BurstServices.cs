using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

/// <summary>The process-wide pieces every burst uses: activities, expressions, clock, the version cache.</summary>
public sealed class BurstServices(ActivityRegistry registry, ExpressionEngine expressions, TimeProvider clock,
    IEnumerable<IExpressionModelProvider> modelProviders)
{
    private readonly ConcurrentDictionary<Guid, CompiledDefinition> _versions = new();

    public ActivityRegistry Registry { get; } = registry;
    public ExpressionEngine Expressions { get; } = expressions;
    public TimeProvider Clock { get; } = clock;
    public IReadOnlyList<IExpressionModelProvider> ModelProviders { get; } = modelProviders.ToList();

    /// <summary>The hosts' model providers whose root (<c>request</c>, <c>customer</c> …) an expression of the version names.</summary>
    public IEnumerable<IExpressionModelProvider> ProvidersUsedBy(CompiledDefinition compiled) =>
        ModelProviders.Where(p => compiled.ExpressionText.Contains(p.Root, StringComparison.Ordinal));

    /// <summary>
    /// Whether every activity of the version is <see cref="ActivityDescriptor.Isolated"/> and no expression uses a
    /// host's model (which loads domain data): its bursts read nothing another burst of their batch may have written.
    /// </summary>
    public bool IsIsolated(CompiledDefinition compiled) => compiled.Isolated ??=
        compiled.Definition.Activities.All(a => Registry.Find(a.Type)?.Descriptor.Isolated == true) &&
        !ProvidersUsedBy(compiled).Any();

    /// <summary>Drops a cached version (the warm-up's, which was never committed).</summary>
    internal void Forget(Guid recordId) => _versions.TryRemove(recordId, out _);

    /// <summary>Published versions are immutable, so a version is read from the database once per process.</summary>
    public async ValueTask<CompiledDefinition> VersionAsync(DbContext db, Guid recordId, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue(recordId, out var compiled))
            return compiled;
        var record = await db.Set<DefinitionRecord>().AsNoTracking().FirstAsync(r => r.Id == recordId, cancellationToken);
        compiled = CompiledDefinition.From(record);
        if (record.Status != Definitions.DefinitionStatus.Draft)
            _versions[recordId] = compiled;
        return compiled;
    }
}
