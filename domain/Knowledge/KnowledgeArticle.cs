namespace Orchestrator.Domain.Knowledge;

/// <summary>A symptom → solution article (知识库条目).</summary>
/// <param name="Id">Stable article id, e.g. <c>KB-0017</c>.</param>
/// <param name="Language">BCP 47 primary tag: <c>zh</c> or <c>en</c>.</param>
/// <param name="ProductLine">Product line the article is about, or null for an article that applies to any line.</param>
/// <param name="UsageCount">How many resolved requests this article solved; raises its ranking gently.</param>
public sealed record KnowledgeArticle(
    string Id,
    string Title,
    string Symptom,
    string Solution,
    string Language,
    string? ProductLine,
    int UsageCount = 0);

/// <summary>One search result.</summary>
public sealed record KnowledgeHit(string ArticleId, string Title, double Score);

/// <summary>An article written from a resolved request, waiting for a curator; it has no id until saved.</summary>
public sealed record KnowledgeArticleDraft(
    string Title,
    string Symptom,
    string Solution,
    string Language,
    string? ProductLine);

/// <summary>
/// Outcome of <see cref="KnowledgeIndex.ProposeArticle"/>: either an existing article already covers the resolution
/// (<see cref="Draft"/> is null) or a draft is proposed for curation.
/// </summary>
/// <param name="BestMatch">The existing article that covers most of the resolution, its score being that coverage; null when
/// no article shares a term.</param>
/// <param name="Coverage">How much of the resolution the best match covers, 0 to 1.</param>
public sealed record ArticleProposal(KnowledgeArticleDraft? Draft, KnowledgeHit? BestMatch, double Coverage)
{
    public bool IsNewArticleProposed => Draft is not null;
}
