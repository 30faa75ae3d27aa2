using Orchestrator.Domain.Knowledge;

namespace Orchestrator.Domain.Tests.Knowledge;

public class KnowledgeIndexTests
{
    private static KnowledgeArticle Article(string id, string title, string symptom, string solution = "Call us.",
        string? productLine = "air-conditioner", int usage = 0) =>
        new(id, title, symptom, solution, "en", productLine, usage);

    private static readonly KnowledgeIndex Samples = new(SampleKnowledgeBase.Articles);

    [Fact]
    public void Results_come_best_first_and_stop_at_top()
    {
        var hits = Samples.Search("printer paper jam", top: 2);

        Assert.Equal(2, hits.Count);
        Assert.Equal("KB-0011", hits[0].ArticleId);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void A_title_match_outranks_the_same_words_in_the_solution()
    {
        var index = new KnowledgeIndex(
        [
            Article("A", "Remote control not working", "Unit does not respond.", "Check the compressor fuse."),
            Article("B", "Compressor fuse blown", "Unit does not respond."),
        ]);

        Assert.Equal(["B", "A"], index.Search("compressor fuse", top: 5).Select(h => h.ArticleId));
    }

    [Fact]
    public void A_rare_term_weighs_more_than_a_common_one()
    {
        var index = new KnowledgeIndex(
        [
            Article("A", "Unit noisy", "The unit rattles."),
            Article("B", "Unit smells", "The unit smells of burning."),
            Article("C", "Unit stops", "The unit stops."),
        ]);

        Assert.Equal("B", index.Search("unit burning smell", top: 1).Single().ArticleId);
    }

    [Fact]
    public void Usage_breaks_a_close_call_but_does_not_beat_a_clearly_better_match()
    {
        var index = new KnowledgeIndex(
        [
            Article("A", "Remote control not working", "Buttons do nothing."),
            Article("B", "Remote control not working", "Buttons do nothing.", usage: 120),
            Article("C", "Indoor unit noisy", "Rattling remote sensor.", usage: 10_000),
        ]);

        var hits = index.Search("remote control buttons", top: 3);

        Assert.Equal(["B", "A", "C"], hits.Select(h => h.ArticleId));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_article_id()
    {
        var index = new KnowledgeIndex([Article("B", "Filter dirty", "x"), Article("A", "Filter dirty", "x")]);

        Assert.Equal(["A", "B"], index.Search("filter", top: 2).Select(h => h.ArticleId));
    }

    [Fact]
    public void A_product_line_keeps_its_own_articles_and_the_general_ones()
    {
        var index = new KnowledgeIndex(
        [
            Article("AC", "Error E4", "Display shows E4."),
            Article("WM", "Error E4", "Display shows E4.", productLine: "washing-machine"),
            Article("ANY", "Error codes", "Display shows an error code such as E4.", productLine: null),
        ]);

        var hits = index.Search("E4", top: 5, productLine: "Washing-Machine");

        Assert.Equal(["ANY", "WM"], hits.Select(h => h.ArticleId).Order());
    }

    [Fact]
    public void A_query_sharing_no_term_returns_nothing()
    {
        Assert.Empty(Samples.Search("quantum entanglement", top: 5));
        Assert.Empty(Samples.Search("", top: 5));
    }

    [Fact]
    public void Chinese_queries_find_chinese_articles_through_shared_bigrams()
    {
        Assert.Equal("KB-0027", Samples.Search("打印机老是卡纸", top: 1).Single().ArticleId);
    }

    [Fact]
    public void Two_articles_with_the_same_id_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new KnowledgeIndex([Article("A", "x", "y"), Article("A", "z", "w")]));
    }

    [Fact]
    public void A_resolution_an_article_already_covers_proposes_nothing()
    {
        var proposal = Samples.ProposeArticle(
            "AC not cooling, air from the indoor unit is warm",
            "Cleaned the clogged filters and set the mode to Cool; cooling is back to normal.");

        Assert.False(proposal.IsNewArticleProposed);
        Assert.Equal("KB-0001", proposal.BestMatch?.ArticleId);
        Assert.True(proposal.Coverage >= KnowledgeIndex.DefaultCoverageThreshold);
    }

    [Fact]
    public void A_chinese_resolution_an_article_already_covers_proposes_nothing()
    {
        var proposal = Samples.ProposeArticle("空调不制冷，出风不凉", "清洗过滤网后制冷恢复正常。");

        Assert.False(proposal.IsNewArticleProposed);
        Assert.Equal("KB-0017", proposal.BestMatch?.ArticleId);
    }

    [Fact]
    public void A_resolution_no_article_covers_becomes_a_draft_for_curation()
    {
        var proposal = Samples.ProposeArticle(
            "Smart door lock does not recognise fingerprints. Keypad works.",
            "Cleaned the sensor, re-enrolled the fingerprints and updated the lock firmware.",
            productLine: "security");

        Assert.True(proposal.IsNewArticleProposed);
        Assert.True(proposal.Coverage < KnowledgeIndex.DefaultCoverageThreshold);
        Assert.Equal(
            new KnowledgeArticleDraft(
                "Smart door lock does not recognise fingerprints",
                "Smart door lock does not recognise fingerprints. Keypad works.",
                "Cleaned the sensor, re-enrolled the fingerprints and updated the lock firmware.",
                "en",
                "security"),
            proposal.Draft);
    }

    [Fact]
    public void A_chinese_draft_is_marked_chinese()
    {
        var proposal = Samples.ProposeArticle("智能马桶盖不出温水", "更换了加热模块的温控保险丝，恢复正常。");

        Assert.Equal("zh", proposal.Draft?.Language);
        Assert.Equal("智能马桶盖不出温水", proposal.Draft?.Title);
    }

    [Fact]
    public void An_empty_index_proposes_every_resolution()
    {
        var proposal = new KnowledgeIndex([]).ProposeArticle("Fan noisy", "Tightened the blade.");

        Assert.True(proposal.IsNewArticleProposed);
        Assert.Null(proposal.BestMatch);
        Assert.Equal(0, proposal.Coverage);
    }

    [Fact]
    public void The_sample_set_is_half_chinese_and_half_english_with_unique_ids()
    {
        var articles = SampleKnowledgeBase.Articles;

        Assert.True(articles.Count >= 30);
        Assert.Equal(articles.Count / 2, articles.Count(a => a.Language == "zh"));
        Assert.Equal(articles.Count, articles.Select(a => a.Id).Distinct().Count());
    }
}
