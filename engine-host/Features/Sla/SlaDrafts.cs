using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>Draft → Published: one draft per policy; publishing makes it immutable and in effect from its effective-from.</summary>
internal static class SlaDrafts
{
    /// <summary>The document as stored JSON when it is a valid policy; its errors under <c>document.</c> otherwise.</summary>
    public static string? Check(SlaPolicyDocument? document, string policyId, int version, FieldErrors errors)
    {
        var found = new FieldErrors();
        SlaPolicyDocumentReader.Read(document, string.IsNullOrEmpty(policyId) ? "policy" : policyId, version, found);
        if (found.Any)
        {
            errors.AddAll("document", found);
            return null;
        }
        return SlaPolicyStore.Serialize(document!);
    }

    public static async Task<IResult> SaveAsync(string policyId, SlaDraft body, [FromHeader(Name = "If-Match")] string? ifMatch,
        DbContext db, CancellationToken ct)
    {
        if (!await db.Set<SlaPolicyRecord>().AnyAsync(p => p.Id == policyId, ct))
            return Problems.NotFound($"No SLA policy has the id '{policyId}'.");
        var draft = await db.Set<SlaPolicyVersionRecord>()
            .FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Draft, ct);
        if (draft is not null && Revisions.Check(ifMatch, draft.Revision) is { } stale)
            return stale;
        var last = await db.Set<SlaPolicyVersionRecord>().Where(v => v.PolicyId == policyId).MaxAsync(v => (int?)v.Version, ct);
        var version = draft?.Version ?? (last ?? 0) + 1;
        var e = new FieldErrors();
        var document = Check(body.Document, policyId, version, e);
        var comment = e.Optional("comment", body.Comment, 1000);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        if (draft is null)
        {
            draft = new SlaPolicyVersionRecord { PolicyId = policyId, Version = version, Status = SlaVersionStatus.Draft, Document = document! };
            db.Add(draft);
        }
        (draft.Document, draft.Comment) = (document!, comment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"The draft of '{policyId}' was saved or published meanwhile; read it again.");
        }
        return TypedResults.Ok(SlaVersionView.From(draft));
    }

    public static async Task<IResult> PublishAsync(string policyId, SlaPublish? body, DbContext db, TimeProvider time, IAuditActor actor,
        SlaPolicyStore store, CancellationToken ct)
    {
        var draft = await db.Set<SlaPolicyVersionRecord>()
            .FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Draft, ct);
        if (draft is null)
        {
            return await db.Set<SlaPolicyRecord>().AnyAsync(p => p.Id == policyId, ct)
                ? Problems.Conflict($"SLA policy '{policyId}' has no draft to publish.")
                : Problems.NotFound($"No SLA policy has the id '{policyId}'.");
        }
        var now = time.GetUtcNow();
        var effectiveFrom = (body?.EffectiveFrom ?? now).ToUniversalTime();
        var latest = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .Where(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Published)
            .OrderByDescending(v => v.Version).Select(v => v.EffectiveFrom).FirstOrDefaultAsync(ct);
        if (latest is { } previous && effectiveFrom < previous)
            return Problems.Invalid("effectiveFrom", $"Version {draft.Version} cannot take effect before the version it follows ({previous:O}).");
        (draft.Status, draft.EffectiveFrom, draft.PublishedAt, draft.PublishedBy) = (SlaVersionStatus.Published, effectiveFrom, now, actor.Name);
        draft.Comment = body?.Comment ?? draft.Comment;
        store.Parse(draft); // a stored document that no longer reads would fail here, before it is in effect
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"The draft of '{policyId}' was changed or published meanwhile; read it again.");
        }
        return TypedResults.Ok(SlaVersionView.From(draft));
    }
}
