using Orchestrator.Domain.Teams;

namespace Orchestrator.Domain.Tests.Teams;

public class TeamAssignerTests
{
    private static Technician Tech(string id, int load = 0, string[]? skills = null, string[]? regions = null,
        bool active = true) =>
        new(id, $"Tech {id}", skills ?? ["refrigerant"], regions ?? [], active, load);

    private static Team Team(string id, string[] lines, string[] regions, params Technician[] technicians) =>
        new(id, $"Team {id}", lines, regions, LeadId: $"{id}-lead", technicians);

    private static readonly string[] AirCon = ["air-conditioner"];
    private static readonly string[] Shanghai = ["shanghai"];

    private static AssignmentRequest AirConIn(string region, params string[] skills) =>
        new("air-conditioner", region, skills);

    [Fact]
    public void The_least_loaded_eligible_technician_of_the_matching_team_gets_the_request()
    {
        var assigner = new TeamAssigner([Team("T1", AirCon, Shanghai, Tech("A", load: 4), Tech("B", load: 1), Tech("C", load: 2))]);

        var assignment = assigner.Assign(AirConIn("shanghai"));

        Assert.Equal(AssignmentOutcome.Technician, assignment.Outcome);
        Assert.Equal("T1", assignment.TeamId);
        Assert.Equal("B", assignment.TechnicianId);
        Assert.Contains("Assigned to B (Tech B) of team T1 (Team T1): fewest open jobs (1).", assignment.Explanation);
    }

    [Fact]
    public void Equal_workloads_go_to_the_lower_technician_id_whatever_the_input_order()
    {
        var assigner = new TeamAssigner([Team("T1", AirCon, Shanghai, Tech("C", 2), Tech("B", 2), Tech("D", 2))]);

        var assignment = assigner.Assign(AirConIn("shanghai"));

        Assert.Equal("B", assignment.TechnicianId);
        Assert.Contains("tied with C, D", assignment.Explanation[^1]);
    }

    [Fact]
    public void Across_teams_the_least_loaded_technician_decides_and_a_tie_goes_to_the_lower_team_id()
    {
        var assigner = new TeamAssigner(
        [
            Team("T2", AirCon, Shanghai, Tech("A", load: 1)),
            Team("T1", AirCon, Shanghai, Tech("Z", load: 1), Tech("Y", load: 3)),
            Team("T3", AirCon, Shanghai, Tech("M", load: 2)),
        ]);

        var assignment = assigner.Assign(AirConIn("shanghai"));

        Assert.Equal(("T1", "Z"), (assignment.TeamId, assignment.TechnicianId));
    }

    [Fact]
    public void Teams_are_dropped_for_product_line_and_region_with_the_reason()
    {
        var assigner = new TeamAssigner(
        [
            Team("T1", ["washing-machine"], Shanghai, Tech("A")),
            Team("T2", AirCon, ["beijing"], Tech("B")),
            Team("T3", AirCon, ["beijing", "Shanghai"], Tech("C")),
        ]);

        var assignment = assigner.Assign(AirConIn("shanghai"));

        Assert.Equal("T3", assignment.TeamId);
        Assert.Equal(
        [
            "Team T1 (Team T1) dropped: does not serve product line 'air-conditioner'.",
            "Team T2 (Team T2) dropped: does not cover region 'shanghai'.",
            "Team T3 (Team T3) kept: serves 'air-conditioner' in 'shanghai'.",
            "Technician C (Tech C) of team T3 kept: 0 jobs open.",
            "Assigned to C (Tech C) of team T3 (Team T3): fewest open jobs (0).",
        ], assignment.Explanation);
    }

    [Fact]
    public void Inactive_technicians_out_of_region_or_without_the_skills_are_dropped_with_the_reason()
    {
        var assigner = new TeamAssigner(
        [
            Team("T1", AirCon, ["shanghai", "suzhou"],
                Tech("A", load: 0, active: false),
                Tech("B", load: 0, regions: ["suzhou"]),
                Tech("C", load: 0, skills: ["electrical"]),
                Tech("D", load: 5, skills: ["refrigerant", "brazing"])),
        ]);

        var assignment = assigner.Assign(AirConIn("shanghai", "Refrigerant", "brazing"));

        Assert.Equal("D", assignment.TechnicianId);
        Assert.Contains("Technician A (Tech A) of team T1 dropped: inactive.", assignment.Explanation);
        Assert.Contains("Technician B (Tech B) of team T1 dropped: does not work in region 'shanghai'.", assignment.Explanation);
        Assert.Contains("Technician C (Tech C) of team T1 dropped: lacks skills brazing, Refrigerant.", assignment.Explanation);
    }

    [Fact]
    public void A_technician_without_regions_of_their_own_works_all_the_team_regions()
    {
        var assigner = new TeamAssigner([Team("T1", AirCon, ["shanghai", "suzhou"], Tech("A", regions: []))]);

        Assert.Equal("A", assigner.Assign(AirConIn("suzhou")).TechnicianId);
    }

    [Fact]
    public void When_no_technician_fits_the_request_goes_to_the_team_queue_for_the_lead()
    {
        var assigner = new TeamAssigner([Team("T1", AirCon, Shanghai, Tech("A", active: false))]);

        var assignment = assigner.Assign(AirConIn("shanghai"));

        Assert.Equal(AssignmentOutcome.TeamQueue, assignment.Outcome);
        Assert.Equal("T1", assignment.TeamId);
        Assert.Null(assignment.TechnicianId);
        Assert.Equal("No technician fits; the request goes to the queue of team T1 (Team T1) for lead T1-lead to dispatch.",
            assignment.Explanation[^1]);
    }

    [Fact]
    public void No_team_when_no_team_serves_the_product_line()
    {
        var assigner = new TeamAssigner([Team("T1", AirCon, Shanghai, Tech("A"))]);

        var assignment = assigner.Assign(new AssignmentRequest("elevator", "shanghai"));

        Assert.Equal(AssignmentOutcome.NoTeam, assignment.Outcome);
        Assert.Null(assignment.TeamId);
        Assert.Null(assignment.TechnicianId);
        Assert.Equal("No team: no team serves product line 'elevator'.", assignment.Explanation[^1]);
    }

    [Fact]
    public void No_team_when_the_teams_for_the_product_line_do_not_cover_the_region()
    {
        var assigner = new TeamAssigner([Team("T1", AirCon, Shanghai, Tech("A"))]);

        var assignment = assigner.Assign(AirConIn("chengdu"));

        Assert.Equal(AssignmentOutcome.NoTeam, assignment.Outcome);
        Assert.Equal("No team: no team serving 'air-conditioner' covers region 'chengdu'.", assignment.Explanation[^1]);
    }

    [Fact]
    public void Names_match_regardless_of_case()
    {
        var assigner = new TeamAssigner([Team("T1", ["Air-Conditioner"], ["Shanghai"], Tech("A", skills: ["Refrigerant"]))]);

        Assert.Equal("A", assigner.Assign(new AssignmentRequest("air-conditioner", "SHANGHAI", ["refrigerant"])).TechnicianId);
    }

    [Fact]
    public void The_same_input_always_gives_the_same_assignment_and_explanation()
    {
        Team[] teams =
        [
            Team("T2", AirCon, Shanghai, Tech("B", 1), Tech("A", 1)),
            Team("T1", AirCon, Shanghai, Tech("C", 1)),
        ];

        var first = new TeamAssigner(teams).Assign(AirConIn("shanghai"));
        var reversed = new TeamAssigner(teams.Reverse()).Assign(AirConIn("shanghai"));

        Assert.Equal(("T1", "C"), (first.TeamId, first.TechnicianId));
        Assert.Equal(first.Explanation, reversed.Explanation);
    }

    [Fact]
    public void Two_teams_with_the_same_id_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TeamAssigner([Team("T1", AirCon, Shanghai), Team("T1", AirCon, Shanghai)]));
    }
}
