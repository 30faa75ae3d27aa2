using Orchestrator.Domain.Knowledge;
using Xunit.Abstractions;

namespace Orchestrator.Domain.Tests.Knowledge;

/// <summary>
/// Search quality on the sample knowledge base: 30 faults described the way customers describe them (paraphrased,
/// colloquial, some typos), each with the article an agent would pick.
/// </summary>
public class SearchQualityTests(ITestOutputHelper output)
{
    private static readonly (string Query, string Expected)[] CustomerQueries =
    [
        ("空调不制冷了，吹出来的都是热风", "KB-0017"),
        ("空调一直往下滴水，墙都湿了", "KB-0018"),
        ("冬天开空调暖风一点都不热", "KB-0019"),
        ("洗衣机洗完衣服地上全是水", "KB-0020"),
        ("洗衣机不甩干，衣服湿淋淋的", "KB-0021"),
        ("洗衣机报E4了怎么办", "KB-0022"),
        ("冰箱晚上嗡嗡响，吵得睡不着", "KB-0023"),
        ("冰箱保鲜层结了一层冰，菜都冻了", "KB-0024"),
        ("热水器洗澡的时候没热水", "KB-0025"),
        ("燃气热水器点火点不着，一直啪啪响", "KB-0026"),
        ("打印机纸卡住了拿不出来", "KB-0027"),
        ("家里wifi连上了却上不了网", "KB-0028"),
        ("抽油烟机抽不动烟，厨房里烟很大", "KB-0029"),
        ("电视只有声音没有画面", "KB-0030"),
        ("门禁刷卡没反映，门开不了", "KB-0032"),
        ("aircon blowing warm air", "KB-0001"),
        ("water dripping from my AC onto the floor", "KB-0002"),
        ("air condtioner showing E4 and switching off", "KB-0003"),
        ("washer leaves a puddle on the floor", "KB-0004"),
        ("water left in the drum after the wash finished", "KB-0005"),
        ("washing machine jumping around and banging when spinning", "KB-0006"),
        ("fridge makes a weird buzzing sound", "KB-0007"),
        ("milk goes off in the fridge but freezer is fine", "KB-0008"),
        ("no hot water in the shower, electric heater", "KB-0009"),
        ("gas heater keeps clicking but won't light", "KB-0010"),
        ("paper stuck inside printer", "KB-0011"),
        ("printer putting out blank sheets", "KB-0012"),
        ("wifi connected but no internet", "KB-0013"),
        ("internet keeps dropping in the bedroom", "KB-0014"),
        ("dishes still dirty after running the dishwasher", "KB-0015"),
    ];

    private static readonly KnowledgeIndex Index = new(SampleKnowledgeBase.Articles);

    [Fact]
    public void The_expected_article_is_in_the_top_3_for_at_least_27_of_30_customer_queries()
    {
        var misses = new List<string>();

        foreach (var (query, expected) in CustomerQueries)
        {
            var hits = Index.Search(query, top: 3);
            var rank = hits.ToList().FindIndex(h => h.ArticleId == expected) + 1;
            output.WriteLine($"{(rank > 0 ? $"#{rank}" : "--")} {expected} ← {query}   [{string.Join(", ", hits.Select(h => $"{h.ArticleId} {h.Score:0.00}"))}]");
            if (rank == 0)
            {
                misses.Add($"{query} → expected {expected}, got {string.Join(", ", hits.Select(h => h.ArticleId))}");
            }
        }

        Assert.Equal(30, CustomerQueries.Length);
        Assert.True(misses.Count <= 3, $"{misses.Count} of 30 missed the top 3:\n{string.Join("\n", misses)}");
    }
}
