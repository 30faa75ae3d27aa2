using System.Text.Json.Nodes;
using Orchestrator.Domain.Teams;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// Assigns the request to a team and technician by product line and region (fewest open jobs wins), or to a team's
/// queue when nobody fits. Assigned means a technician was chosen; NoTeam means nobody was (no team serves the product
/// line in the region, or the serving team has no fitting technician: its queue, for the lead or a dispatcher).
/// </summary>
public sealed class AssignTeam : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "AssignTeam",
        Category = AfterSales.Category,
        DisplayName = "Assign team",
        Description = "Assigns the request to the team serving its product line and region and its least busy technician; NoTeam when no technician fits.",
        Outcomes = ["Assigned", "NoTeam"],
        RequiredOutcomes = ["Assigned"],
        Inputs =
        [
            new("requiredSkills", "Required skills", "list", "json", Description: "Skills the technician must hold, e.g. [\"gas\"]."),
        ],
        Outputs =
        [
            new("teamCode", "string"), new("technicianCode", "string", "Empty when the request went to the team's queue."),
            new("explanation", "list", "Why each team and technician was kept or dropped."),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var skills = (context.Input("requiredSkills") as JsonArray ?? []).Select(s => s?.ToString()).OfType<string>().ToList();
        if (string.IsNullOrWhiteSpace(request.ProductLine) || string.IsNullOrWhiteSpace(request.Region))
        {
            return AfterSales.Done("NoTeam", new JsonObject
            {
                ["explanation"] = new JsonArray($"The request has no {(string.IsNullOrWhiteSpace(request.Region) ? "region" : "product line")} to match teams on."),
            });
        }
        var (choice, team, technician) = await TeamAssignments.AssignAsync(context.Db, request.ProductLine, request.Region, skills,
            context.Cancellation);
        var output = new JsonObject
        {
            ["teamCode"] = choice.TeamId,
            ["technicianCode"] = choice.TechnicianId,
            ["explanation"] = new JsonArray(choice.Explanation.Select(e => (JsonNode?)e).ToArray()),
        };
        request.TeamId = team?.Id ?? request.TeamId;
        if (choice.Outcome != AssignmentOutcome.Technician || technician is null)
            return AfterSales.Done("NoTeam", output);
        request.AssigneeId = technician.Id;
        return AfterSales.Done("Assigned", output);
    }
}
