using System.Text.Json;
using Orchestrator.Domain.Knowledge;

namespace Orchestrator.Domain.Tests.Knowledge;

/// <summary>
/// The sample knowledge base the host loads (samples/data/knowledge-articles.json, embedded in this test assembly from
/// the same file): half English, half Simplified Chinese.
/// </summary>
internal static class SampleKnowledgeBase
{
    public static IReadOnlyList<KnowledgeArticle> Articles { get; } = Read();

    private static List<KnowledgeArticle> Read()
    {
        using var stream = typeof(SampleKnowledgeBase).Assembly.GetManifestResourceStream("samples/knowledge-articles.json")
            ?? throw new InvalidOperationException("samples/data/knowledge-articles.json is not embedded in the tests.");
        return JsonSerializer.Deserialize<List<KnowledgeArticle>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("samples/data/knowledge-articles.json is empty.");
    }
}
