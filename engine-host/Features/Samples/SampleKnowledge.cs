using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Sla;

namespace Orchestrator.EngineHost.Features.Samples;

/// <summary>
/// The sample knowledge base (samples/data/knowledge-articles.json: 32 articles, Chinese and English) and the second
/// version of the default SLA policy.
/// </summary>
internal static class SampleKnowledge
{
    public static async Task<int> LoadAsync(DbContext db, CancellationToken ct)
    {
        var existing = (await db.Set<KnowledgeArticleRecord>().AsNoTracking().Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var a in SampleFiles.Read<KnowledgeArticle>("knowledge-articles").Where(a => !existing.Contains(a.Id)))
        {
            db.Add(new KnowledgeArticleRecord
            {
                Id = a.Id,
                Title = a.Title,
                Symptom = a.Symptom,
                Solution = a.Solution,
                Language = a.Language,
                ProductLine = a.ProductLine,
                UsageCount = a.UsageCount,
            });
            added++;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    /// <summary>Version 2 of the default policy (samples/data/sla-default-v2.json), in effect from 2026-01-01, once.</summary>
    public static async Task<int> SlaVersionAsync(DbContext db, TimeProvider time, CancellationToken ct)
    {
        await SlaPolicyStore.EnsureDefaultAsync(db, ct);
        if (await db.Set<SlaPolicyVersionRecord>().AnyAsync(v => v.PolicyId == SlaPolicyStore.DefaultPolicyId && v.Version > 1, ct))
            return 0;
        var document = SlaPolicyStore.Deserialize(SampleFiles.Text("sla-default-v2"))!;
        var effective = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        db.Add(new SlaPolicyVersionRecord
        {
            PolicyId = SlaPolicyStore.DefaultPolicyId,
            Version = 2,
            Status = SlaVersionStatus.Published,
            Document = SlaPolicyStore.Serialize(document),
            EffectiveFrom = effective,
            PublishedAt = time.GetUtcNow(),
            PublishedBy = "samples",
            Comment = "Sample: VIP, premium contracts, urgent, installation and PM rules; the 2026 holiday calendar",
        });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return 1;
    }
}
