using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Runtime;

public sealed record MigrationRequest(int TargetVersion, IReadOnlyDictionary<string, string>? Mapping, bool DryRun = false);

public sealed record BookmarkMove(string Bookmark, string FromActivity, string ToActivity);

public sealed record MigrationPlan(Guid InstanceId, int FromVersion, int ToVersion, bool DryRun, bool Applied,
    IReadOnlyList<BookmarkMove> Moves, IReadOnlyList<string> Refusals);

/// <summary>
/// Moves a waiting instance to another version of its flow — explicitly, with an activity-id mapping
/// (unmapped ids map to themselves). Refused when a bookmark it waits on has no activity of the same
/// type in the target. A dry run says what would change; applying is one compare-and-swap, logged.
/// </summary>
public sealed class InstanceMigration(DbContext db, BurstServices services)
{
    public async Task<MigrationPlan?> MigrateAsync(Guid instanceId, MigrationRequest request, CancellationToken ct)
    {
        var instance = await db.Set<InstanceRecord>().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null)
            return null;
        var refusals = new List<string>();
        var moves = new List<BookmarkMove>();
        var target = await DefinitionQueries.VersionAsync(db, instance.DefinitionId, request.TargetVersion, ct);
        if (instance.Status is not (InstanceStatus.Suspended or InstanceStatus.Faulted))
            refusals.Add($"Only a waiting instance can move; this one is {instance.Status}.");
        if (target is null || target.Status == DefinitionStatus.Draft)
            refusals.Add($"'{instance.DefinitionId}' has no published or retired version {request.TargetVersion}.");
        if (refusals.Count > 0 || target is null)
            return new MigrationPlan(instanceId, instance.DefinitionVersion, request.TargetVersion, request.DryRun, false, moves, refusals);

        var source = await services.VersionAsync(db, instance.DefinitionRecordId, ct);
        var compiled = await services.VersionAsync(db, target.Id, ct);
        var map = request.Mapping ?? new Dictionary<string, string>();
        string Map(string id) => map.TryGetValue(id, out var to) ? to : id;

        var bookmarks = await db.Set<BookmarkRecord>().Where(b => b.InstanceId == instanceId).ToListAsync(ct);
        foreach (var bookmark in bookmarks)
        {
            var to = Map(bookmark.ActivityId);
            var fromType = source.Node(bookmark.ActivityId)?.Type;
            var node = compiled.Node(to);
            if (node is null)
                refusals.Add($"The instance waits at '{bookmark.ActivityId}' ({bookmark.Name}), which maps to '{to}': version {target.Version} has no such activity.");
            else if (node.Type != fromType)
                refusals.Add($"The instance waits at '{bookmark.ActivityId}' ({fromType}), but '{to}' in version {target.Version} is a {node.Type}.");
            else
                moves.Add(new BookmarkMove($"{bookmark.Name}:{bookmark.CorrelationKey}", bookmark.ActivityId, to));
        }
        foreach (var (from, to) in map)
        {
            if (source.Node(from) is null)
                refusals.Add($"The mapping names '{from}', which is not an activity of version {instance.DefinitionVersion}.");
        }
        var plan = new MigrationPlan(instanceId, instance.DefinitionVersion, target.Version, request.DryRun, false, moves, refusals);
        if (refusals.Count > 0 || request.DryRun)
            return plan;

        foreach (var bookmark in bookmarks)
            bookmark.ActivityId = Map(bookmark.ActivityId);
        var state = InstanceState.Parse(instance.State);
        state.Outputs = new(state.Outputs.Select(kv => KeyValuePair.Create(Map(kv.Key), kv.Value?.DeepClone())));
        state.Joins = state.Joins.ToDictionary(kv => Map(kv.Key), kv => kv.Value);
        state.Attempts = state.Attempts.ToDictionary(kv => Map(kv.Key), kv => kv.Value);
        state.JoinsFired = state.JoinsFired.Select(Map).ToHashSet();
        state.Loops = state.Loops.ToDictionary(kv => Map(kv.Key), kv => kv.Value);
        var now = services.Clock.GetUtcNow();
        db.Add(new ExecutionLogRecord
        {
            InstanceId = instanceId,
            Sequence = ++state.Sequence,
            ActivityId = "(instance)",
            ActivityType = "(instance)",
            Event = "Migrated",
            At = now,
            Message = $"moved from version {instance.DefinitionVersion} to {target.Version}: " +
                      (moves.Count == 0 ? "no bookmarks" : string.Join("; ", moves.Select(m => $"{m.FromActivity} → {m.ToActivity}"))),
        });
        instance.State = state.Serialize();
        instance.DefinitionVersion = target.Version;
        instance.DefinitionRecordId = target.Id;
        instance.UpdatedAt = now;
        instance.ConcurrencyVersion++;
        await db.SaveChangesAsync(ct);
        return plan with { Applied = true };
    }
}
