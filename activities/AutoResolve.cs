using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// Remote resolution first (解决方案 搜索): searches the knowledge base with the request's symptom (its product line and
/// articles for any line). When the best article scores at least the threshold, its solution goes to the customer (the
/// <c>solution-proposal</c> email template) and the request waits for the customer's answer — through an agent (the
/// task) or the <c>solution.answer</c> event keyed by the request number (<c>{ "resolved": true }</c>) — until the
/// answer window ends (then Unresolved). Resolved counts a use of the article, so it ranks higher next time; the article
/// offered is in the output either way. No article good enough: Unresolved at once.
/// </summary>
public sealed class AutoResolve : Activity
{
    /// <summary>The customer's answer, keyed by the request number.</summary>
    public const string AnswerEvent = "solution.answer";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "AutoResolve",
        Category = AfterSales.Category,
        DisplayName = "Auto-resolve",
        Description = "Offers the best knowledge-base solution to the customer and waits for their answer: Resolved or Unresolved.",
        Kind = ActivityKind.Blocking,
        AcceptsTimeout = false,
        Outcomes = ["Resolved", "Unresolved"],
        Inputs =
        [
            new("query", "Search for", "string", "multiline", Description: "Default: the request's symptom."),
            new("threshold", "Score threshold", "number", "number", Default: 3,
                Description: "The best article's search score must reach this (the search's own scale: 3 means several distinctive words match)."),
            new("answerWithin", "Answer within", "duration", "duration", Default: "P2D", Description: "No answer by then: Unresolved."),
            new("role", "Role", "string", "role", Default: "agent", Description: "Who records an answer the customer gives by phone."),
        ],
        Outputs =
        [
            new("articleId", "string", "The article offered (none when no article reached the threshold)."), new("title", "string"),
            new("score", "number", "The best article's score."), new("answeredBy", "string"),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var query = context.InputString("query") is { Length: > 0 } q ? q : request.Symptom;
        var threshold = AfterSales.Number(context.Input("threshold")) ?? 3m;
        var hits = await context.Services.GetRequiredService<KnowledgeSearch>().SearchAsync(context.Db, query, 1, request.ProductLine,
            context.Cancellation);
        var best = hits.FirstOrDefault();
        var output = new JsonObject { ["score"] = best?.Score ?? 0, ["articleId"] = best?.ArticleId, ["title"] = best?.Title };
        if (best is null || (decimal)best.Score < threshold)
        {
            context.Log(best is null ? "No knowledge-base article matches the symptom" : $"Best article {best.ArticleId} scores {best.Score} < {threshold}");
            output["articleId"] = null;
            return AfterSales.Done("Unresolved", output);
        }
        var article = await context.Db.Set<KnowledgeArticleRecord>().AsNoTracking().FirstAsync(a => a.Id == best.ArticleId, context.Cancellation);
        context.SetVariable($"offer_{context.ActivityId}", output.DeepClone());
        await AfterSales.EmailCustomerAsync(context, request, "solution-proposal", new JsonObject
        {
            ["articleTitle"] = article.Title,
            ["solution"] = article.Solution,
        });
        RequestWork.SetStatus(request, ServiceRequestStatus.WaitingForCustomer, context.Now);
        context.Log($"Offered article {article.Id} ({best.Score}) for {request.Number}");
        var until = context.Now + (context.InputDuration("answerWithin") ?? TimeSpan.FromDays(2));
        return ActivityResult.Suspend([
            AfterSales.OpenTask(context, $"Did the solution solve {request.Number}? Record the customer's answer",
                $"Offered \"{article.Title}\": {article.Solution}", context.InputString("role"), null, ["Resolved", "Unresolved"],
                [AfterSales.Field("comment", "Comment", "text")], until),
            new BookmarkRequest(BookmarkNames.EventPrefix + AnswerEvent, request.Number),
            new BookmarkRequest(BookmarkNames.Timer, context.ActivityInstanceId, null, until),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var output = (context.Evaluate($"vars.offer_{context.ActivityId}") as JsonObject)?.DeepClone().AsObject() ?? [];
        bool resolved;
        string by;
        if (stimulus.BookmarkName == BookmarkNames.Timer)
            (resolved, by) = (false, "expired");
        else if (stimulus.BookmarkName == BookmarkNames.HumanTask)
        {
            var task = await context.Store.FindAsync<Workflows.Persistence.HumanTaskRecord>(t => t.Id == context.ExecutionGuid, context.Cancellation);
            (resolved, by) = (stimulus.Outcome == "Resolved", task?.CompletedBy ?? "agent");
        }
        else
        {
            if (AfterSales.Yes(stimulus.Payload, "resolved", "solved", "resolved") is not { } answer)
                return ActivityResult.Fault("The answer needs { \"resolved\": true | false } (or \"answer\": \"solved\" | \"unsolved\").");
            (resolved, by) = (answer, "customer");
        }
        if (stimulus.BookmarkName != BookmarkNames.HumanTask)
            await AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
        output["answeredBy"] = by;
        var articleId = AfterSales.Text(output, "articleId");
        if (resolved)
        {
            if (context.Instance.Sandbox)
                context.Log($"No use of {articleId} counted: test run");
            else if (await context.Db.Set<KnowledgeArticleRecord>().FirstOrDefaultAsync(a => a.Id == articleId, context.Cancellation) is { } article)
                article.UsageCount++;
            return AfterSales.Done("Resolved", output);
        }
        if (request.Status == ServiceRequestStatus.WaitingForCustomer)
            RequestWork.SetStatus(request, ServiceRequestStatus.Pending, context.Now);
        return AfterSales.Done("Unresolved", output);
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
