using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// Knowledge-base auto-maintenance when a request becomes resolved (resolved, completed or closed), saved with the
/// request: the article that solved it counts one more use (used articles rank higher); a resolution without an article
/// that no published article covers (coverage below <see cref="KnowledgeIndex.DefaultCoverageThreshold"/>) becomes a
/// draft article linked to the request, for a curator to publish or reject.
/// </summary>
internal static class RequestKnowledge
{
    public static async Task ResolvedAsync(RecordContext c, ServiceRequest request)
    {
        if (request.KnowledgeArticleId is { } articleId)
        {
            var article = await c.Db.Set<KnowledgeArticleRecord>().FirstAsync(a => a.Id == articleId, c.CancellationToken);
            article.UsageCount++;
            return;
        }
        if (request.Resolution is not { } resolution)
            return;
        var index = await c.Services.GetRequiredService<KnowledgeSearch>().IndexAsync(c.Db, c.CancellationToken);
        if (index.ProposeArticle(request.Symptom, resolution, request.ProductLine).Draft is not { } draft)
            return;
        long number;
        await using (var scope = c.Services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope())
        {
            // the number is taken in its own commit (the request's changes are pending in this context)
            number = await NumberSequences.NextAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), "KB", c.CancellationToken);
        }
        c.Db.Add(new KnowledgeArticleRecord
        {
            Id = $"KB-{number:000000}",
            Title = draft.Title,
            Symptom = draft.Symptom,
            Solution = draft.Solution,
            Language = draft.Language,
            ProductLine = draft.ProductLine,
            Status = ArticleStatus.Draft,
            SourceRequestId = request.Id,
        });
    }
}
