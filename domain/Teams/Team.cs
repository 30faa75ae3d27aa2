namespace Orchestrator.Domain.Teams;

/// <summary>A service team (服务团队): the product lines and regions it serves, its lead and its technicians.</summary>
public sealed record Team(
    string Id,
    string Name,
    IReadOnlyCollection<string> ProductLines,
    IReadOnlyCollection<string> Regions,
    string LeadId,
    IReadOnlyList<Technician> Technicians);

/// <summary>A field technician (售后工程师).</summary>
/// <param name="Regions">Regions the technician travels to; empty means every region of the team.</param>
/// <param name="OpenWorkload">Open jobs assigned now (requests and field tasks not yet completed).</param>
public sealed record Technician(
    string Id,
    string Name,
    IReadOnlyCollection<string> Skills,
    IReadOnlyCollection<string> Regions,
    bool Active = true,
    int OpenWorkload = 0);

/// <summary>What a request needs: its product line, where it is, and the skills the job takes.</summary>
public sealed record AssignmentRequest(string ProductLine, string Region, IReadOnlyCollection<string>? RequiredSkills = null);

public enum AssignmentOutcome
{
    /// <summary>A team and one of its technicians were chosen.</summary>
    Technician,

    /// <summary>A team serves the request but none of its technicians fits: it goes to the team's queue for the lead.</summary>
    TeamQueue,

    /// <summary>No team serves the product line in the region.</summary>
    NoTeam,
}

/// <param name="Explanation">Sentences, in order: why each team and technician was kept or dropped, then the choice.</param>
public sealed record Assignment(
    AssignmentOutcome Outcome,
    string? TeamId,
    string? TechnicianId,
    IReadOnlyList<string> Explanation);
