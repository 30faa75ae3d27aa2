using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Domain.Knowledge;

/// <summary>
/// Searches the published articles through a <see cref="KnowledgeIndex"/> kept in memory. Before each search a cheap
/// stamp of the table (article count, sum of revisions, latest change) tells whether any article was added, changed or
/// deleted since the index was built, here or on another host; only then is the index rebuilt.
/// </summary>
public sealed class KnowledgeSearch
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile Snapshot _current = new(new Stamp(-1, 0, default), new KnowledgeIndex([]));

    public async Task<KnowledgeIndex> IndexAsync(DbContext db, CancellationToken cancellationToken)
    {
        var articles = db.Set<KnowledgeArticleRecord>().AsNoTracking();
        var count = await articles.CountAsync(cancellationToken);
        var revisions = await articles.SumAsync(a => (long)a.Revision, cancellationToken);
        var latest = await articles.OrderByDescending(a => a.UpdatedAt).Select(a => a.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        var stamp = new Stamp(count, revisions, latest);
        if (_current.Stamp == stamp)
            return _current.Index;

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_current.Stamp == stamp)
                return _current.Index;
            var published = await articles.Where(a => a.Status == ArticleStatus.Published).ToListAsync(cancellationToken);
            var index = new KnowledgeIndex(published.Select(a => a.ToArticle()));
            _current = new Snapshot(stamp, index);
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

    private readonly record struct Stamp(int Count, long Revisions, DateTimeOffset Latest);

    private sealed record Snapshot(Stamp Stamp, KnowledgeIndex Index);
}
