namespace Orchestrator.Domain.Teams;

/// <summary>
/// Chooses the team and technician for a request, and says why.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>A team is kept when it serves the request's product line and region.</item>
/// <item>Within kept teams, a technician is eligible when active, working in the region (a technician with no regions of
/// their own works all of the team's) and holding every required skill.</item>
/// <item>The eligible technician with the fewest open jobs wins, and the request goes to their team; ties go to the
/// lower team id, then the lower technician id (ordinal), so the same input always gives the same answer.</item>
/// <item>With kept teams but no eligible technician, the request goes to the queue of the kept team with the lowest id,
/// for its lead to dispatch; with no kept team, nobody gets it (<see cref="AssignmentOutcome.NoTeam"/>).</item>
/// </list>
/// Names (product lines, regions, skills) compare case-insensitively.
/// </remarks>
public sealed class TeamAssigner
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;
    private readonly List<Team> _teams;

    public TeamAssigner(IEnumerable<Team> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        _teams = teams.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        var duplicate = _teams.GroupBy(t => t.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Team id {duplicate.Key} appears more than once.", nameof(teams));
        }
    }

    public Assignment Assign(AssignmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ProductLine);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Region);

        var skills = (request.RequiredSkills ?? []).Distinct(Names).Order(Names).ToList();
        var why = new List<string>();
        var kept = new List<Team>();

        foreach (var team in _teams)
        {
            if (!team.ProductLines.Contains(request.ProductLine, Names))
            {
                why.Add($"Team {Label(team)} dropped: does not serve product line '{request.ProductLine}'.");
            }
            else if (!team.Regions.Contains(request.Region, Names))
            {
                why.Add($"Team {Label(team)} dropped: does not cover region '{request.Region}'.");
            }
            else
            {
                why.Add($"Team {Label(team)} kept: serves '{request.ProductLine}' in '{request.Region}'.");
                kept.Add(team);
            }
        }

        if (kept.Count == 0)
        {
            var servesLine = _teams.Any(t => t.ProductLines.Contains(request.ProductLine, Names));
            why.Add(servesLine
                ? $"No team: no team serving '{request.ProductLine}' covers region '{request.Region}'."
                : $"No team: no team serves product line '{request.ProductLine}'.");
            return new Assignment(AssignmentOutcome.NoTeam, null, null, why);
        }

        var eligible = new List<(Team Team, Technician Technician)>();
        foreach (var team in kept)
        {
            foreach (var technician in team.Technicians.OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                var reason = Unfit(team, technician, request.Region, skills);
                if (reason is null)
                {
                    why.Add($"Technician {Label(technician)} of team {team.Id} kept: {Jobs(technician.OpenWorkload)} open.");
                    eligible.Add((team, technician));
                }
                else
                {
                    why.Add($"Technician {Label(technician)} of team {team.Id} dropped: {reason}.");
                }
            }
        }

        if (eligible.Count == 0)
        {
            var queue = kept[0];
            why.Add($"No technician fits; the request goes to the queue of team {Label(queue)} for lead {queue.LeadId} to dispatch.");
            return new Assignment(AssignmentOutcome.TeamQueue, queue.Id, null, why);
        }

        // kept and technicians are already in id order, so a stable sort on workload breaks ties by team id, then technician id.
        var ranked = eligible.OrderBy(c => c.Technician.OpenWorkload).ToList();
        var (chosenTeam, chosen) = ranked[0];
        var tied = ranked.Skip(1).TakeWhile(c => c.Technician.OpenWorkload == chosen.OpenWorkload).ToList();
        var tie = tied.Count == 0
            ? ""
            : $"; tied with {string.Join(", ", tied.Select(c => c.Technician.Id))}, broken by team id then technician id";
        why.Add($"Assigned to {Label(chosen)} of team {Label(chosenTeam)}: fewest open jobs ({chosen.OpenWorkload}){tie}.");
        return new Assignment(AssignmentOutcome.Technician, chosenTeam.Id, chosen.Id, why);
    }

    private static string? Unfit(Team team, Technician technician, string region, List<string> skills)
    {
        if (!technician.Active)
        {
            return "inactive";
        }

        var regions = technician.Regions.Count == 0 ? team.Regions : technician.Regions;
        if (!regions.Contains(region, Names))
        {
            return $"does not work in region '{region}'";
        }

        var missing = skills.Where(s => !technician.Skills.Contains(s, Names)).ToList();
        return missing.Count == 0 ? null : $"lacks skill{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}";
    }

    private static string Label(Team team) => $"{team.Id} ({team.Name})";

    private static string Label(Technician technician) => $"{technician.Id} ({technician.Name})";

    private static string Jobs(int count) => count == 1 ? "1 job" : $"{count} jobs";
}
