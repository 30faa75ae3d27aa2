using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Definitions;

public static class DefinitionQueries
{
    /// <summary>The version new instances use: the one published row of the definition.</summary>
    public static Task<DefinitionRecord?> PublishedAsync(DbContext db, string definitionId, CancellationToken ct) =>
        db.Set<DefinitionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Status == DefinitionStatus.Published, ct);

    public static Task<DefinitionRecord?> DraftAsync(DbContext db, string definitionId, CancellationToken ct) =>
        db.Set<DefinitionRecord>()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Status == DefinitionStatus.Draft, ct);

    public static Task<DefinitionRecord?> VersionAsync(DbContext db, string definitionId, int version, CancellationToken ct) =>
        db.Set<DefinitionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version, ct);
}
