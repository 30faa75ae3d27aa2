using System.Globalization;
using System.Text;

namespace Orchestrator.Domain.Knowledge;

/// <summary>
/// Turns symptom text into search terms, for Chinese and Latin scripts alike.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Text is NFKC-normalised first, so full-width <c>Ｅ４</c> and <c>WｉＦｉ</c> read as <c>e4</c> and <c>wifi</c>.</item>
/// <item>A run of CJK characters yields its overlapping character bigrams (<c>空调不制冷</c> → 空调, 调不, 不制, 制冷) and
/// its single characters except particles (的, 了, 吗…). Single characters are kept so that a homophone typo or a
/// word split differently still matches on the characters it shares; <see cref="KnowledgeIndex"/> weighs them low.</item>
/// <item>A run of letters and digits is one lower-cased word; English stop words are dropped; words are lightly
/// stemmed (plural -s/-es/-ies, -ing, -ed) and a few everyday names are mapped to the catalogue's words
/// (<c>aircon</c>, <c>ac</c> → air conditioner; <c>fridge</c> → refrigerator; <c>washer</c> → washing machine).</item>
/// <item>A hyphenated word yields its parts and the joined form (<c>wi-fi</c> → wi, fi, wifi).</item>
/// </list>
/// </remarks>
public static class KnowledgeTokenizer
{
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }

        var normalised = text.Normalize(NormalizationForm.FormKC);
        var i = 0;
        while (i < normalised.Length)
        {
            if (IsCjk(normalised[i]))
            {
                var start = i;
                while (i < normalised.Length && IsCjk(normalised[i]))
                {
                    i++;
                }

                AddCjkRun(normalised.AsSpan(start, i - start), terms);
            }
            else if (char.IsLetterOrDigit(normalised[i]))
            {
                var start = i;
                while (i < normalised.Length && !IsCjk(normalised[i])
                    && (char.IsLetterOrDigit(normalised[i]) || IsJoiner(normalised, i)))
                {
                    i++;
                }

                AddLatinRun(normalised[start..i], terms);
            }
            else
            {
                i++;
            }
        }

        return terms;
    }

    /// <summary>True for a single Han (or kana/hangul) character: such terms count less than bigrams and words.</summary>
    public static bool IsSingleCjkCharacter(string term) => term.Length == 1 && IsCjk(term[0]);

    private static void AddCjkRun(ReadOnlySpan<char> run, List<string> terms)
    {
        for (var i = 0; i < run.Length; i++)
        {
            if (!CjkParticles.Contains(run[i]))
            {
                terms.Add(run[i].ToString());
            }

            if (i + 1 < run.Length)
            {
                terms.Add(run.Slice(i, 2).ToString());
            }
        }
    }

    private static void AddLatinRun(string run, List<string> terms)
    {
        var lower = run.ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal);
        var parts = lower.Split('-', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            AddWord(part, terms);
        }

        if (parts.Length > 1)
        {
            AddWord(string.Concat(parts), terms);
        }
    }

    private static void AddWord(string word, List<string> terms)
    {
        if (StopWords.Contains(word))
        {
            return;
        }

        if (Synonyms.TryGetValue(word, out var replacement))
        {
            terms.AddRange(replacement.Select(Stem));
            return;
        }

        terms.Add(Stem(word));
    }

    /// <summary>Light English stemming: enough for leaking/leaks/leaked → leak, batteries → battery, jammed → jam.</summary>
    public static string Stem(string word)
    {
        if (word.Length < 4 || !word.All(char.IsAsciiLetterLower))
        {
            return word;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal)
            && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            return word;
        }

        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                if (stem.Length >= 3 && stem.Any(IsVowel))
                {
                    return Tidy(stem);
                }
            }
        }

        return word;
    }

    // jamm → jam, stopp → stop; mak → make, com → come (short consonant-vowel-consonant stems lost an e).
    private static string Tidy(string stem)
    {
        var last = stem[^1];
        if (stem.Length >= 2 && last == stem[^2] && !IsVowel(last) && last is not ('l' or 's' or 'z'))
        {
            return stem[..^1];
        }

        var shortCvc = stem.Length == 3 && !IsVowel(stem[0]) && IsVowel(stem[1]) && !IsVowel(last)
            && last is not ('w' or 'x' or 'y');
        return shortCvc ? stem + "e" : stem;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool IsJoiner(string text, int i) =>
        text[i] is '-' or '\'' or '’'
        && i > 0 && i + 1 < text.Length
        && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1])
        && !IsCjk(text[i + 1]);

    private static bool IsCjk(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u2E80';

    private static readonly HashSet<char> CjkParticles = [.. "的了是在和与或就都也很吗呢啊吧呀么着过把被让给我你他她它们这那有个一不"];

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "than", "so", "as", "at", "by", "for", "from", "in", "into",
        "of", "on", "onto", "to", "with", "without", "about", "after", "before", "during", "while", "when", "up", "out",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have", "has",
        "had", "will", "would", "can", "could", "should", "may", "might", "must",
        "i", "me", "my", "we", "our", "us", "you", "your", "he", "she", "it", "its", "they", "them", "their",
        "this", "that", "these", "those", "there", "here", "what", "which", "who", "how", "why",
        "not", "no", "dont", "doesnt", "didnt", "wont", "cant", "isnt", "arent", "wasnt", "im", "ive", "its",
        "very", "too", "just", "also", "only", "still", "again", "all", "any", "some", "more", "most", "each", "every",
        "keep", "keeps", "kept", "get", "gets", "got", "please", "help", "hi", "hello", "thanks",
    };

    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        ["aircon"] = ["air", "conditioner"],
        ["ac"] = ["air", "conditioner"],
        ["fridge"] = ["refrigerator"],
        ["fridges"] = ["refrigerator"],
        ["washer"] = ["washing", "machine"],
        ["telly"] = ["tv"],
        ["television"] = ["tv"],
    };
}
