using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Domain.Knowledge;

/// <summary>
/// Searches the published articles through a <see cref="KnowledgeIndex"/> kept in memory. Before each search one cheap
/// query (article count and latest change) tells whether any article changed since the index was built, here or on
/// another host; only then is the index rebuilt.
/// </summary>
public sealed class KnowledgeSearch
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile Snapshot _current = new(-1, default, new KnowledgeIndex([]));

    public async Task<KnowledgeIndex> IndexAsync(DbContext db, CancellationToken cancellationToken)
    {
        var articles = db.Set<KnowledgeArticleRecord>().AsNoTracking();
        var count = await articles.CountAsync(cancellationToken);
        var latest = await articles.OrderByDescending(a => a.UpdatedAt).Select(a => a.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (_current.Matches(count, latest))
            return _current.Index;

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_current.Matches(count, latest))
                return _current.Index;
            var published = await articles.Where(a => a.Status == ArticleStatus.Published).ToListAsync(cancellationToken);
            var index = new KnowledgeIndex(published.Select(a => a.ToArticle()));
            _current = new Snapshot(count, latest, index);
            return index;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(DbContext db, string query, int top, string? productLine,
        CancellationToken cancellationToken) =>
        (await IndexAsync(db, cancellationToken)).Search(query, top, productLine);

    private sealed record Snapshot(int Count, DateTimeOffset Latest, KnowledgeIndex Index)
    {
        public bool Matches(int count, DateTimeOffset latest) => Count == count && Latest == latest;
    }
}
