using Orchestrator.Domain.Knowledge;

namespace Orchestrator.Domain.Tests.Knowledge;

public class KnowledgeTokenizerTests
{
    [Fact]
    public void Chinese_text_becomes_overlapping_bigrams_and_single_characters_without_particles()
    {
        var terms = KnowledgeTokenizer.Tokenize("空调不制冷了");

        Assert.Equal(["空", "空调", "调", "调不", "不制", "制", "制冷", "冷", "冷了"], terms);
    }

    [Fact]
    public void English_words_are_lower_cased_stemmed_and_stop_words_dropped()
    {
        var terms = KnowledgeTokenizer.Tokenize("The washer is Leaking and the hoses were Jammed");

        Assert.Equal(["wash", "machine", "leak", "hose", "jam"], terms);
        Assert.DoesNotContain("the", terms);
    }

    [Theory]
    [InlineData("leaking", "leak")]
    [InlineData("leaks", "leak")]
    [InlineData("leaked", "leak")]
    [InlineData("batteries", "battery")]
    [InlineData("spinning", "spin")]
    [InlineData("stopped", "stop")]
    [InlineData("making", "make")]
    [InlineData("blowing", "blow")]
    [InlineData("glass", "glass")]
    [InlineData("speed", "speed")]
    [InlineData("gas", "gas")]
    public void Light_stemming_folds_plurals_and_verb_endings(string word, string stem)
    {
        Assert.Equal(stem, KnowledgeTokenizer.Stem(word));
    }

    [Fact]
    public void Mixed_chinese_and_latin_text_splits_at_the_script_boundary()
    {
        var terms = KnowledgeTokenizer.Tokenize("洗衣机报E4了");

        Assert.Contains("e4", terms);
        Assert.Contains("洗衣", terms);
        Assert.Contains("报", terms);
        Assert.DoesNotContain(terms, t => t.Contains('e') && t.Length > 2);
    }

    [Fact]
    public void Full_width_characters_read_as_their_ascii_forms()
    {
        Assert.Equal(["e4", "wifi"], KnowledgeTokenizer.Tokenize("Ｅ４　ＷｉＦｉ"));
    }

    [Fact]
    public void A_hyphenated_word_yields_its_parts_and_the_joined_form()
    {
        Assert.Equal(["wi", "fi", "wifi"], KnowledgeTokenizer.Tokenize("Wi-Fi"));
    }

    [Fact]
    public void Everyday_names_map_to_the_catalogue_words()
    {
        Assert.Equal(["air", "conditioner", "blow", "warm", "air"], KnowledgeTokenizer.Tokenize("aircon blowing warm air"));
        Assert.Equal(["refrigerator"], KnowledgeTokenizer.Tokenize("fridge"));
    }

    [Fact]
    public void Blank_text_has_no_terms()
    {
        Assert.Empty(KnowledgeTokenizer.Tokenize("  ，。！ "));
        Assert.Empty(KnowledgeTokenizer.Tokenize(null));
    }
}
