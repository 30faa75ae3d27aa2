using System.Text.Json.Nodes;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Calls an outside HTTP endpoint through the outbox (after commit, retried with backoff, only to
/// hosts an admin allowed) and waits for the answer: Success for 2xx, Failed otherwise.
/// </summary>
public sealed class HttpRequest : Activity
{
    public const string ResponseBookmark = "HttpResponse";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "HttpRequest",
        Category = "Integration",
        DisplayName = "HTTP request",
        Description = "Calls a URL after the step commits, retrying on failure; continues with Success (2xx) or Failed.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Success", "Failed"],
        Inputs =
        [
            new("url", "URL", "string", "singleline", Required: true),
            new("method", "Method", "choice", "dropdown", Default: "POST", ExpressionAllowed: false, Choices: ["GET", "POST", "PUT", "PATCH", "DELETE"]),
            new("body", "Body", "json", "json"),
            new("headers", "Headers", "json", "json"),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var key = context.ActivityInstanceId;
        context.Outbox("http", new JsonObject
        {
            ["url"] = context.InputString("url"),
            ["method"] = context.InputString("method") ?? "POST",
            ["body"] = context.Input("body"),
            ["headers"] = context.Input("headers"),
            ["replyTo"] = new JsonObject { ["instanceId"] = context.Instance.Id.ToString(), ["name"] = ResponseBookmark, ["key"] = key },
        }, $"http:{context.Instance.Id:N}:{key}");
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(ResponseBookmark, key)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var status = stimulus.Payload?["status"]?.GetValue<int>() ?? 0;
        return ValueTask.FromResult(ActivityResult.Done(status is >= 200 and < 300 ? "Success" : "Failed", stimulus.Payload));
    }
}
