using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>Sends an email through the outbox: written with the burst, delivered after commit, once per execution (stable Message-Id).</summary>
public sealed class SendEmail : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Isolated = true,
        Type = "SendEmail",
        Category = "Messaging",
        DisplayName = "Send email",
        Description = "Sends an email after the step commits. Subject and body are templates over the flow's data.",
        Inputs =
        [
            new("to", "To", "string", "singleline", Required: true),
            new("subject", "Subject", "string", "singleline", Required: true),
            new("body", "Body", "string", "multiline", Required: true),
            new("template", "Template name", "string", "singleline", ExpressionAllowed: false,
                Description: "Or: a stored template rendered with the model below."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var key = $"email:{context.Instance.Id:N}:{context.ActivityInstanceId}";
        var message = new JsonObject
        {
            ["to"] = context.InputString("to"),
            ["subject"] = context.InputString("subject"),
            ["body"] = context.InputString("body"),
            ["template"] = context.InputString("template"),
            ["messageId"] = $"<{context.ActivityInstanceId}@orchestrator>",
        };
        context.Outbox("email", message, key);
        return ValueTask.FromResult(ActivityResult.Done("Done", new JsonObject { ["messageId"] = message["messageId"]!.GetValue<string>() }));
    }
}
