namespace Orchestrator.Domain.Knowledge;

/// <summary>
/// In-memory full-text index of knowledge-base articles, searched from a customer's description of a fault.
/// Immutable: rebuild it when articles or usage counts change (it indexes a few thousand articles in milliseconds).
/// </summary>
/// <remarks>
/// Ranking is BM25F over three fields: title (weight <see cref="TitleWeight"/>), symptom (<see cref="SymptomWeight"/>)
/// and solution (<see cref="SolutionWeight"/>), with k1 = 1.2 and b = 0.75 per field. Terms come from
/// <see cref="KnowledgeTokenizer"/>; a single CJK character counts <see cref="SingleCjkCharacterWeight"/> of a bigram or
/// word. The BM25 score is then multiplied by <c>1 + <see cref="UsageBoost"/> · ln(1 + usage count)</c>, so an article
/// that solved 100 requests gains about a quarter over an unused one: it wins close calls, not different topics.
/// </remarks>
public sealed class KnowledgeIndex
{
    public const double TitleWeight = 2.5;
    public const double SymptomWeight = 1.5;
    public const double SolutionWeight = 1.0;
    public const double SingleCjkCharacterWeight = 0.3;
    public const double UsageBoost = 0.05;

    /// <summary>Coverage below which <see cref="ProposeArticle"/> proposes a new article (on the sample base, resolutions an
    /// article covers score above 0.5 and new topics below 0.35).</summary>
    public const double DefaultCoverageThreshold = 0.45;

    private const double K1 = 1.2;
    private const double B = 0.75;
    private static readonly double[] FieldWeights = [TitleWeight, SymptomWeight, SolutionWeight];

    private readonly List<Entry> _entries;
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private readonly double[] _averageLength = new double[3];

    public KnowledgeIndex(IEnumerable<KnowledgeArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        _entries = articles.Select(Entry.Of).ToList();

        var duplicate = _entries.GroupBy(e => e.Article.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Article id {duplicate.Key} appears more than once.", nameof(articles));
        }

        foreach (var entry in _entries)
        {
            foreach (var term in entry.Terms)
            {
                _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
            }
        }

        for (var f = 0; f < 3; f++)
        {
            _averageLength[f] = _entries.Count == 0 ? 1 : Math.Max(1, _entries.Average(e => e.Length[f]));
        }
    }

    public int Count => _entries.Count;

    /// <summary>
    /// The <paramref name="top"/> best articles for <paramref name="query"/>, best first; ties go to the lower id.
    /// Articles that share no term with the query are never returned.
    /// </summary>
    /// <param name="productLine">When given, only articles of that line and articles for any line (null).</param>
    public IReadOnlyList<KnowledgeHit> Search(string query, int top, string? productLine = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var terms = QueryTerms(query);

        return Candidates(productLine)
            .Select(e => (Entry: e, Score: Bm25(e, terms) * (1 + UsageBoost * Math.Log(1 + Math.Max(0, e.Article.UsageCount)))))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Entry.Article.Id, StringComparer.Ordinal)
            .Take(top)
            .Select(x => new KnowledgeHit(x.Entry.Article.Id, x.Entry.Article.Title, Math.Round(x.Score, 4)))
            .ToList();
    }

    /// <summary>
    /// Auto-maintenance: given how a request was resolved, proposes a draft article unless an existing article already
    /// covers it. An article's coverage is the share of the resolution's terms (symptom and solution together,
    /// weighted by their IDF, so rare distinctive terms count most) that the article contains anywhere; the best
    /// covering article is reported. Below <paramref name="threshold"/> a draft is proposed.
    /// </summary>
    public ArticleProposal ProposeArticle(
        string resolvedSymptom,
        string solution,
        string? productLine = null,
        double threshold = DefaultCoverageThreshold)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedSymptom);
        ArgumentException.ThrowIfNullOrWhiteSpace(solution);

        var terms = QueryTerms(resolvedSymptom + "\n" + solution);
        var total = terms.Sum(t => t.Weight * Idf(t.Term));
        var best = Candidates(productLine)
            .Select(e => (e.Article, Covered: terms.Where(t => e.Contains(t.Term)).Sum(t => t.Weight * Idf(t.Term))))
            .Where(x => x.Covered > 0)
            .OrderByDescending(x => x.Covered)
            .ThenBy(x => x.Article.Id, StringComparer.Ordinal)
            .FirstOrDefault();

        var coverage = best.Article is null || total <= 0 ? 0 : Math.Round(best.Covered / total, 4);
        var match = best.Article is null ? null : new KnowledgeHit(best.Article.Id, best.Article.Title, coverage);
        var draft = coverage >= threshold
            ? null
            : new KnowledgeArticleDraft(TitleFrom(resolvedSymptom), resolvedSymptom.Trim(), solution.Trim(),
                LanguageOf(resolvedSymptom + solution), productLine);
        return new ArticleProposal(draft, match, coverage);
    }

    private IEnumerable<Entry> Candidates(string? productLine) =>
        productLine is null
            ? _entries
            : _entries.Where(e => e.Article.ProductLine is null
                || string.Equals(e.Article.ProductLine, productLine, StringComparison.OrdinalIgnoreCase));

    private static List<(string Term, double Weight)> QueryTerms(string? query) =>
        KnowledgeTokenizer.Tokenize(query)
            .Distinct(StringComparer.Ordinal)
            .Select(t => (t, KnowledgeTokenizer.IsSingleCjkCharacter(t) ? SingleCjkCharacterWeight : 1.0))
            .ToList();

    private double Bm25(Entry entry, List<(string Term, double Weight)> terms)
    {
        var score = 0.0;
        foreach (var (term, weight) in terms)
        {
            var tf = 0.0;
            for (var f = 0; f < 3; f++)
            {
                if (entry.Frequency[f].TryGetValue(term, out var count))
                {
                    tf += FieldWeights[f] * count / (1 - B + B * entry.Length[f] / _averageLength[f]);
                }
            }

            if (tf > 0)
            {
                score += weight * Idf(term) * tf / (K1 + tf);
            }
        }

        return score;
    }

    private double Idf(string term)
    {
        var df = _documentFrequency.GetValueOrDefault(term);
        return Math.Log(1 + (_entries.Count - df + 0.5) / (df + 0.5));
    }

    private static string TitleFrom(string symptom)
    {
        var text = symptom.Trim();
        var end = text.IndexOfAny(['。', '！', '？', '；', '\n', '.', '!', '?', ';']);
        var first = (end > 0 ? text[..end] : text).Trim();
        return first.Length <= 60 ? first : first[..57].TrimEnd() + "…";
    }

    private static string LanguageOf(string text)
    {
        var cjk = text.Count(c => KnowledgeTokenizer.IsSingleCjkCharacter(c.ToString()));
        var latin = text.Count(char.IsAsciiLetter);
        return cjk * 2 >= latin && cjk > 0 ? "zh" : "en";
    }

    private sealed record Entry(KnowledgeArticle Article, Dictionary<string, int>[] Frequency, int[] Length)
    {
        public IEnumerable<string> Terms => Frequency.SelectMany(f => f.Keys).Distinct(StringComparer.Ordinal);

        public bool Contains(string term) => Frequency.Any(f => f.ContainsKey(term));

        public static Entry Of(KnowledgeArticle article)
        {
            ArgumentNullException.ThrowIfNull(article);
            string[] fields = [article.Title, article.Symptom, article.Solution];
            var tokens = fields.Select(KnowledgeTokenizer.Tokenize).ToArray();
            return new Entry(
                article,
                tokens.Select(t => t.GroupBy(x => x, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)).ToArray(),
                tokens.Select(t => t.Count).ToArray());
        }
    }
}
