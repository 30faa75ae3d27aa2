using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Knowledge;

/// <param name="Language">zh or en.</param>
/// <param name="Status">Published (default: searched at once), Draft or Retired.</param>
public sealed record ArticleInput(string? Title, string? Symptom, string? Solution, string? Language, string? ProductLine,
    string? Status, int? UsageCount);

internal static class KnowledgeEndpoints
{
    public static readonly RecordApi<KnowledgeArticleRecord, ArticleInput> Api = new()
    {
        Route = "knowledge",
        Tag = "Knowledge base",
        Noun = "article",
        FindBy = key => a => a.Id == key.ToUpperInvariant(),
        KeyOf = a => a.Id,
        ThenByKey = q => q.ThenBy(a => a.Id),
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Enum<KnowledgeArticleRecord, ArticleStatus>("status", a => a.Status),
            Lists.Text<KnowledgeArticleRecord>("productLine", a => a.ProductLine),
            Lists.Id<KnowledgeArticleRecord>("sourceRequestId", a => a.SourceRequestId),
        ],
        Sorts =
        [
            Lists.Sort<KnowledgeArticleRecord, string>("articleId", a => a.Id),
            Lists.Sort<KnowledgeArticleRecord, int>("usageCount", a => a.UsageCount),
            Lists.Sort<KnowledgeArticleRecord, DateTimeOffset>("updatedAt", a => a.UpdatedAt),
        ],
    };

    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/knowledge").WithTags("Knowledge base");
        group.MapGet("/search", SearchAsync).Produces<IReadOnlyList<KnowledgeHit>>().ProducesValidationProblem()
            .WithSummary("Published articles for a symptom as a customer describes it (Chinese or English), best first: [{ articleId, title, score }]");
        group.MapPost("/{articleId}/used", UsedAsync).Produces<KnowledgeArticleRecord>().ProducesProblem(404)
            .WithSummary("Count one more request solved by the article; used articles rank a little higher");
        group.MapPost("/proposals", KnowledgeProposals.ProposeAsync).Produces<ProposalAnswer>().ProducesValidationProblem()
            .WithSummary("Auto-maintenance: given how a request was resolved, stores a draft article for curation unless an article already covers it");
        Delegate publish = (string articleId, DbContext db, CancellationToken ct) => CurateAsync(articleId, true, db, ct);
        Delegate reject = (string articleId, DbContext db, CancellationToken ct) => CurateAsync(articleId, false, db, ct);
        group.MapPost("/{articleId}/publish", publish).Produces<KnowledgeArticleRecord>().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Curation: publish a draft (or a retired article) so search finds it");
        group.MapPost("/{articleId}/reject", reject).Produces<KnowledgeArticleRecord>().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Curation: reject a proposed draft (it is kept as Retired, never searched)");
        app.MapRecords(Api);
        return app;
    }

    private static async Task<IResult> SearchAsync(string? q, DbContext db, KnowledgeSearch search, int top = 5, string? productLine = null,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(q))
            return Problems.Invalid("q", "q is required: the symptom to search for.");
        if (top is < 1 or > 50)
            return Problems.Invalid("top", "top must be between 1 and 50.");
        return TypedResults.Ok(await search.SearchAsync(db, q, top, productLine, ct));
    }

    private static async Task<IResult> CurateAsync(string articleId, bool publish, DbContext db, CancellationToken ct)
    {
        var article = await db.Set<KnowledgeArticleRecord>().FirstOrDefaultAsync(a => a.Id == articleId.ToUpperInvariant(), ct);
        if (article is null)
            return Problems.NotFound($"No article has the id '{articleId}'.");
        if (publish && article.Status == ArticleStatus.Published)
            return Problems.Conflict($"The article {article.Id} is published already.");
        if (!publish && article.Status != ArticleStatus.Draft)
            return Problems.Conflict($"The article {article.Id} is {article.Status}; only a draft can be rejected.");
        article.Status = publish ? ArticleStatus.Published : ArticleStatus.Retired;
        return await RecordEndpoints.SaveAsync(Api, article, db, ct) ?? TypedResults.Ok(article);
    }

    private static async Task<IResult> UsedAsync(string articleId, DbContext db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var article = await db.Set<KnowledgeArticleRecord>().FirstOrDefaultAsync(a => a.Id == articleId.ToUpperInvariant(), ct);
            if (article is null)
                return Problems.NotFound($"No article has the id '{articleId}'.");
            article.UsageCount++;
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Ok(article);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 20)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<KnowledgeArticleRecord?> ApplyAsync(RecordContext c, ArticleInput i, KnowledgeArticleRecord? article)
    {
        var e = c.Errors;
        var title = e.Required("title", i.Title);
        var symptom = e.Required("symptom", i.Symptom, 4000);
        var solution = e.Required("solution", i.Solution, 8000);
        var language = e.Required("language", i.Language, 8).ToLowerInvariant();
        if (language.Length > 0 && language is not ("zh" or "en"))
            e.Add("language", $"'{i.Language}' is not a language of the knowledge base: zh or en.");
        var line = e.Optional("productLine", i.ProductLine, 64);
        var status = e.Enum("status", i.Status, ArticleStatus.Published);
        var usage = e.Range("usageCount", i.UsageCount, 0, int.MaxValue, article?.UsageCount ?? 0);
        if (e.Any)
            return null;
        article ??= new KnowledgeArticleRecord
        {
            Id = $"KB-{await NumberSequences.NextAsync(c.Db, "KB", c.CancellationToken):000000}",
            Title = title,
            Symptom = symptom,
            Solution = solution,
            Language = language,
        };
        (article.Title, article.Symptom, article.Solution, article.Language) = (title, symptom, solution, language);
        (article.ProductLine, article.Status, article.UsageCount) = (line, status, usage);
        return article;
    }
}

/// <summary>The proposal, and the draft article stored from it when no article covered the resolution.</summary>
public sealed record ProposalAnswer(bool Proposed, KnowledgeHit? BestMatch, double Coverage, KnowledgeArticleRecord? Draft);

public sealed record ProposalInput(string? Symptom, string? Solution, string? ProductLine, Guid? ServiceRequestId);

internal static class KnowledgeProposals
{
    public static async Task<IResult> ProposeAsync(ProposalInput input, DbContext db, KnowledgeSearch search, CancellationToken ct)
    {
        var e = new FieldErrors();
        var symptom = e.Required("symptom", input.Symptom, 4000);
        var solution = e.Required("solution", input.Solution, 8000);
        var line = e.Optional("productLine", input.ProductLine, 64);
        if (input.ServiceRequestId is { } id && !await db.Set<ServiceRequest>().AnyAsync(r => r.Id == id, ct))
            e.Add("serviceRequestId", $"No service request has the id {id}.");
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        var proposal = (await search.IndexAsync(db, ct)).ProposeArticle(symptom, solution, line);
        if (proposal.Draft is not { } draft)
            return TypedResults.Ok(new ProposalAnswer(false, proposal.BestMatch, proposal.Coverage, null));
        var article = new KnowledgeArticleRecord
        {
            Id = $"KB-{await NumberSequences.NextAsync(db, "KB", ct):000000}",
            Title = draft.Title,
            Symptom = draft.Symptom,
            Solution = draft.Solution,
            Language = draft.Language,
            ProductLine = draft.ProductLine,
            Status = ArticleStatus.Draft,
            SourceRequestId = input.ServiceRequestId,
        };
        db.Add(article);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ProposalAnswer(true, proposal.BestMatch, proposal.Coverage, article));
    }
}
