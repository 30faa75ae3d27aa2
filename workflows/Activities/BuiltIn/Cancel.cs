using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities.BuiltIn;

/// <summary>
/// Cancels a task or a region — any set of activities, connected or not: what they wait for is withdrawn (tasks
/// cancelled, timers removed, child flows cancelled), steps of theirs not yet run are dropped, and their paths end.
/// The rest of the flow goes on.
/// </summary>
public sealed class Cancel : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Cancel",
        Category = "Flow",
        DisplayName = "Cancel activities",
        Description = "Withdraws the listed activities (a task, or a region of several) wherever they wait; the rest of the flow goes on.",
        Inputs =
        [
            new("activities", "Activities", "list", "json", Required: true, ExpressionAllowed: false,
                Description: "The ids of the activities to cancel, e.g. [\"orderParts\", \"scheduleTechnician\"]."),
        ],
    };

    public static IEnumerable<string> Ids(JsonNode? list) =>
        list is JsonArray array ? Definitions.DefinitionValidator.NamesOf(array) : [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var ids = Ids(context.Node.Inputs.GetValueOrDefault("activities")).ToHashSet(StringComparer.Ordinal);
        await context.CancelActivitiesAsync(ids, $"cancelled by '{context.ActivityId}'");
        return ActivityResult.Done("Done");
    }
}
