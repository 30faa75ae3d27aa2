using System.Text.Json.Nodes;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Creates a task for a person (user, team or role) with a form and outcomes, and waits until it is
/// completed (<c>POST /api/tasks/{id}/complete</c>); the chosen outcome is the path taken and the
/// form data the output.
/// </summary>
public sealed class HumanTask : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "HumanTask",
        Category = "People",
        DisplayName = "Human task",
        Description = "Puts a task in someone's inbox and waits for them to complete it with one of its outcomes.",
        Kind = ActivityKind.Blocking,
        Outcomes = [],
        OutcomesInput = "outcomes",
        Inputs =
        [
            new("title", "Title", "string", "singleline", Required: true, Description: "A template: Call back {{ input.customerName }}"),
            new("description", "Description", "string", "multiline"),
            new("assignee", "Assignee", "string", "user"),
            new("team", "Team", "string", "team"),
            new("role", "Role", "string", "role"),
            new("priority", "Priority", "choice", "dropdown", Default: "normal", Choices: ["low", "normal", "high", "urgent"]),
            new("dueIn", "Due in", "duration", "duration", Description: "How long the assignee has, e.g. PT30M."),
            new("dueAt", "Due at", "datetime", "datetime", Description: "Or: an absolute due time (e.g. from the SLA)."),
            new("formFields", "Form fields", "list", "form-fields", ExpressionAllowed: false,
                Description: "Fields the assignee fills in: { name, label, type (text, number, boolean, date, choice), required, choices, min, max }."),
            new("outcomes", "Outcomes", "list", "outcomes", Required: true, Default: new JsonArray("Done"), ExpressionAllowed: false,
                Description: "The buttons the assignee chooses from; each is a path out of this activity."),
        ],
    };

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var taskId = context.ExecutionGuid;
        var outcomes = context.Input("outcomes") as JsonArray ?? new JsonArray("Done");
        DateTimeOffset? due = context.InputDuration("dueIn") is { } dueIn ? context.Now + dueIn : null;
        if (due is null && context.InputString("dueAt") is { Length: > 0 } dueAt &&
            DateTimeOffset.TryParse(dueAt, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            due = at;
        context.Store.Add(new HumanTaskRecord
        {
            Id = taskId,
            InstanceId = context.Instance.Id,
            ActivityId = context.ActivityId,
            Title = Clip(context.InputString("title"), 500) ?? context.ActivityId,
            Description = context.InputString("description"),
            Assignee = Clip(Blank(context.InputString("assignee")), 100),
            Team = Clip(Blank(context.InputString("team")), 100),
            Role = Clip(Blank(context.InputString("role")), 100),
            Priority = Clip(Blank(context.InputString("priority")), 20),
            DueAt = due,
            Status = HumanTaskStatus.Open,
            Outcomes = new JsonArray(Definitions.DefinitionValidator.NamesOf(outcomes).Select(n => (JsonNode?)n).ToArray()).ToJsonString(),
            FormFields = (context.Input("formFields") as JsonArray ?? []).ToJsonString(),
            CorrelationId = context.Instance.CorrelationId,
            CreatedAt = context.Now,
            Sandbox = context.Instance.Sandbox,
        });
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkNames.HumanTask, taskId.ToString())));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus) =>
        ValueTask.FromResult(ActivityResult.Done(stimulus.Outcome ?? "Done", stimulus.Payload));

    public override async ValueTask WithdrawAsync(ActivityContext context)
    {
        var id = context.ExecutionGuid;
        var task = await context.Store.FindAsync<HumanTaskRecord>(t => t.Id == id, context.Cancellation);
        // Completed too: a completion accepted while another path (a deferred choice's other branch, a cancelled
        // region, End) won the race is void — the flow never took its outcome
        if (task is { Status: HumanTaskStatus.Open or HumanTaskStatus.Completed })
        {
            task.Status = HumanTaskStatus.Cancelled;
            task.CompletedAt = context.Now;
            task.Version++;
        }
    }

    /// <summary>A template that renders nothing (no team given) means no team, not a team called "".</summary>
    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
