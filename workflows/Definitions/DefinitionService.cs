using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Definitions;

/// <summary>The outcome of a definition operation, for endpoints to turn into HTTP answers.</summary>
public abstract record DefinitionResult
{
    public sealed record Ok(DefinitionRecord Record, WorkflowDefinition Definition) : DefinitionResult;
    public sealed record NotFound(string Message) : DefinitionResult;
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : DefinitionResult;
    public sealed record Conflict(string Message, int? CurrentRevision = null) : DefinitionResult;
}

/// <summary>
/// Drafts, publishing and versions. One draft per definition; publishing validates, freezes the draft
/// as the next version (content hash), retires the previous published version — in one transaction;
/// published versions never change; running instances keep the version they started with.
/// </summary>
public sealed class DefinitionService(DbContext db, DefinitionValidator validator, TimeProvider clock)
{
    public async Task<DefinitionResult> CreateAsync(WorkflowDefinition definition, string? user, CancellationToken ct)
    {
        var errors = validator.Validate(definition).Where(e => e.Code is "definition-id" or "name-required").ToList();
        if (errors.Count > 0)
            return new DefinitionResult.Invalid(errors);
        if (await db.Set<DefinitionRecord>().AnyAsync(d => d.DefinitionId == definition.DefinitionId, ct))
            return new DefinitionResult.Conflict($"A flow with the id '{definition.DefinitionId}' exists already.");
        var record = NewDraft(definition with { Version = 1 }, user);
        db.Add(record);
        await db.SaveChangesAsync(ct);
        return Ok(record);
    }

    /// <summary>Replaces the draft (creating it from the latest version when there is none). A stale revision is a conflict.</summary>
    public async Task<DefinitionResult> SaveDraftAsync(string definitionId, WorkflowDefinition definition, int? expectedRevision,
        string? user, CancellationToken ct)
    {
        var latest = await LatestAsync(definitionId, ct);
        if (latest is null)
            return new DefinitionResult.NotFound($"No flow has the id '{definitionId}'.");
        var draft = latest.Status == DefinitionStatus.Draft ? latest : null;
        if (draft is not null && expectedRevision is { } expected && expected != draft.Revision)
            return new DefinitionResult.Conflict(
                $"The draft was saved by someone else meanwhile (revision {draft.Revision}, you edited {expected}). Reload it and apply your change again.",
                draft.Revision);
        var content = definition with { DefinitionId = definitionId, Status = DefinitionStatus.Draft, Version = draft?.Version ?? latest.Version + 1 };
        if (draft is null)
        {
            draft = NewDraft(content, user);
            db.Add(draft);
        }
        else
        {
            Fill(draft, content);
            draft.Revision++;
            draft.UpdatedAt = clock.GetUtcNow();
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new DefinitionResult.Conflict("The draft was saved by someone else at the same moment. Reload it and apply your change again.");
        }
        return Ok(draft);
    }

    public async Task<DefinitionResult> PublishAsync(string definitionId, string? comment, string? user, CancellationToken ct)
    {
        var draft = await DefinitionQueries.DraftAsync(db, definitionId, ct);
        if (draft is null)
        {
            return await db.Set<DefinitionRecord>().AnyAsync(d => d.DefinitionId == definitionId, ct)
                ? new DefinitionResult.Conflict($"'{definitionId}' has no draft to publish.")
                : new DefinitionResult.NotFound($"No flow has the id '{definitionId}'.");
        }
        var definition = DefinitionJson.Deserialize(draft.Content);
        var errors = validator.Validate(definition);
        if (errors.Count > 0)
            return new DefinitionResult.Invalid(errors);
        var now = clock.GetUtcNow();
        var published = await db.Set<DefinitionRecord>()
            .FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Status == DefinitionStatus.Published, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (published is not null)
        {
            published.Status = DefinitionStatus.Retired;
            await db.SaveChangesAsync(ct);
        }
        draft.Status = DefinitionStatus.Published;
        draft.PublishedAt = now;
        draft.PublishedBy = user;
        draft.Comment = comment;
        draft.Content = DefinitionJson.Serialize(definition with { Status = DefinitionStatus.Published });
        draft.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new DefinitionResult.Conflict("Someone published this flow at the same moment; reload to see the new version.");
        }
        return Ok(draft);
    }

    /// <summary>Makes an old version's content the new draft (replacing any draft).</summary>
    public async Task<DefinitionResult> RestoreAsync(string definitionId, int version, string? user, CancellationToken ct)
    {
        var old = await DefinitionQueries.VersionAsync(db, definitionId, version, ct);
        if (old is null)
            return new DefinitionResult.NotFound($"'{definitionId}' has no version {version}.");
        var draft = await DefinitionQueries.DraftAsync(db, definitionId, ct);
        return await SaveDraftAsync(definitionId, DefinitionJson.Deserialize(old.Content), draft?.Revision, user, ct);
    }

    public Task<DefinitionRecord?> LatestAsync(string definitionId, CancellationToken ct) =>
        db.Set<DefinitionRecord>().Where(d => d.DefinitionId == definitionId)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);

    private DefinitionRecord NewDraft(WorkflowDefinition definition, string? user)
    {
        var now = clock.GetUtcNow();
        var record = new DefinitionRecord
        {
            Id = Guid.NewGuid(),
            DefinitionId = definition.DefinitionId,
            Version = definition.Version,
            Name = definition.Name,
            Content = "",
            ContentHash = "",
            CreatedBy = user,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };
        Fill(record, definition with { Status = DefinitionStatus.Draft });
        return record;
    }

    private static void Fill(DefinitionRecord record, WorkflowDefinition definition)
    {
        record.Status = DefinitionStatus.Draft;
        record.Name = definition.Name;
        record.Content = DefinitionJson.Serialize(definition);
        record.ContentHash = DefinitionJson.ContentHash(definition);
    }

    private static DefinitionResult.Ok Ok(DefinitionRecord record) => new(record, DefinitionJson.Deserialize(record.Content));
}
