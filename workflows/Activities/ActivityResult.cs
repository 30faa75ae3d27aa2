using System.Text.Json.Nodes;

namespace Orchestrator.Workflows.Activities;

/// <summary>How an activity execution ended.</summary>
public abstract record ActivityResult
{
    /// <summary>Finished with one or several outcomes (several = multi-choice) and an output.</summary>
    public static ActivityResult Done(string outcome, JsonNode? output = null) => new Completed([outcome], output);

    public static ActivityResult Done(IReadOnlyList<string> outcomes, JsonNode? output = null) => new Completed(outcomes, output);

    /// <summary>Waits: the path suspends on these bookmarks until one of them is resumed.</summary>
    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks) => new Suspended(bookmarks);

    /// <summary>The path was absorbed (a join still waiting for other branches); nothing more to do.</summary>
    public static readonly ActivityResult Absorbed = new AbsorbedResult();

    public static ActivityResult Fault(string message, Exception? exception = null) => new Faulted(message, exception);

    /// <summary>Ends the whole instance now, withdrawing every other pending path (explicit termination).</summary>
    public static ActivityResult Terminate(JsonNode? output = null) => new Terminated(output);

    public sealed record Completed(IReadOnlyList<string> Outcomes, JsonNode? Output) : ActivityResult;

    public sealed record Suspended(IReadOnlyList<BookmarkRequest> Bookmarks) : ActivityResult;

    public sealed record AbsorbedResult : ActivityResult;

    public sealed record Faulted(string Message, Exception? Exception) : ActivityResult;

    public sealed record Terminated(JsonNode? Output) : ActivityResult;
}

/// <summary>
/// A bookmark an activity leaves: its key is a contract an outside sender can compute —
/// <see cref="Name"/> + <see cref="CorrelationKey"/>, never an internal id unless it is one the
/// sender was given (a task id, a timer id). <see cref="DueAt"/> makes it a timer.
/// </summary>
public sealed record BookmarkRequest(string Name, string CorrelationKey, JsonNode? Payload = null, DateTimeOffset? DueAt = null);

/// <summary>What resumed a bookmark: its payload and, for tasks, the chosen outcome.</summary>
public sealed record Stimulus(string BookmarkName, string CorrelationKey, JsonNode? Payload, string? Outcome = null);
