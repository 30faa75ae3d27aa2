using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Workflows.Activities;

[JsonConverter(typeof(JsonStringEnumConverter<ActivityKind>))]
public enum ActivityKind
{
    /// <summary>Runs and finishes in the burst.</summary>
    Action,
    /// <summary>Suspends its path on a bookmark until a stimulus resumes it.</summary>
    Blocking,
    /// <summary>Starts a flow.</summary>
    Trigger,
}

/// <summary>What the designer and the validator know of an activity type. Served by
/// <c>GET /api/activity-descriptors</c>; the palette and property editors are built from it alone.</summary>
public sealed record ActivityDescriptor
{
    public required string Type { get; init; }
    public required string Category { get; init; }
    public required string DisplayName { get; init; }
    public required string Description { get; init; }
    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    /// <summary>The inputs; an activity that <see cref="HasTimeout"/> also takes <see cref="TimeoutInput"/> and <see cref="MilestoneInput"/>.</summary>
    public IReadOnlyList<InputDescriptor> Inputs
    {
        get => HasTimeout ? [.. _inputs, TimeoutInput, MilestoneInput] : _inputs;
        init => _inputs = value;
    }

    private readonly IReadOnlyList<InputDescriptor> _inputs = [];

    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>Fixed outcomes (plus <see cref="TimedOut"/> when the activity <see cref="HasTimeout"/>).
    /// <see cref="OutcomesInput"/> adds the ones a definition lists.</summary>
    public IReadOnlyList<string> Outcomes
    {
        get => HasTimeout ? [.. _outcomes, TimedOut] : _outcomes;
        init => _outcomes = value;
    }

    private readonly IReadOnlyList<string> _outcomes = ["Done"];

    /// <summary>
    /// Whether the activity takes the generic <c>timeout</c> input (a boundary timer) and the <see cref="TimedOut"/>
    /// outcome. Unset, every <see cref="ActivityKind.Blocking"/> activity does: the engine adds the timer when the
    /// activity suspends and withdraws the activity (<see cref="Activity.WithdrawAsync"/>) when it fires first.
    /// </summary>
    [JsonIgnore]
    public bool? AcceptsTimeout { get; init; }

    [JsonIgnore]
    public bool HasTimeout => AcceptsTimeout ?? Kind == ActivityKind.Blocking;

    /// <summary>A cycle through this activity may run in one burst because the activity bounds it (a Loop).</summary>
    [JsonIgnore]
    public bool BoundsCycles { get; init; }

    /// <summary>The outcome a blocking activity takes when its timeout fires first.</summary>
    public const string TimedOut = "TimedOut";

    public static readonly InputDescriptor TimeoutInput = new("timeout", "Timeout", "duration", "duration",
        Description: "Optional: how long to wait (P7D, PT30M, 00:30:00, or an expression giving seconds); then the activity is withdrawn and takes TimedOut.");

    /// <summary>
    /// The milestone (WCP-18) of a blocking activity: the id of another activity. The activity is enabled only while that
    /// one waits — a path that reaches it earlier waits until it does — and is withdrawn, its path ending, once it moves on.
    /// </summary>
    public static readonly InputDescriptor MilestoneInput = new("milestone", "Milestone", "string", "activity", ExpressionAllowed: false,
        Description: "Optional: the id of an activity; this one is enabled only while that one waits, and withdrawn when it moves on.");

    /// <summary>Outcomes that must be connected to something (validation error otherwise).</summary>
    public IReadOnlyList<string> RequiredOutcomes { get; init; } = [];

    /// <summary>Name of an input whose list (strings, or objects with <c>name</c>) adds outcomes.</summary>
    public string? OutcomesInput { get; init; }

    /// <summary>Whether several outcomes may be taken at once (multi-choice).</summary>
    public bool MultipleOutcomes { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.None;

    /// <summary>
    /// The activity reads nothing and writes nothing outside its own instance except through the burst (bookmarks,
    /// timers, outbox rows, the log): no queries, no domain data, no other instances. Bursts of flows made only of
    /// such activities cannot see what other bursts of their batch wrote, so the dispatcher saves them together
    /// (one SaveChanges for several bursts of one transaction). Unset — the safe default — for anything that
    /// touches data.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Isolated { get; init; }
}

/// <summary>An input of an activity. <see cref="UiHint"/> picks the editor: singleline, multiline,
/// number, checkbox, dropdown, duration, datetime, json, expression, form-fields, outcomes, user, team, role.</summary>
public sealed record InputDescriptor(
    string Name,
    string DisplayName,
    string Type = "string",
    string UiHint = "singleline",
    bool Required = false,
    JsonNode? Default = null,
    bool ExpressionAllowed = true,
    string? Description = null,
    IReadOnlyList<string>? Choices = null);

public sealed record OutputDescriptor(string Name, string Type, string? Description = null);

/// <summary>Durable retries: each retry waits on a timer (backoff), never in a loop inside a burst.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan InitialBackoff, double Multiplier = 2, TimeSpan? MaxBackoff = null)
{
    public static readonly RetryPolicy None = new(1, TimeSpan.Zero);

    public TimeSpan BackoffBefore(int attempt)
    {
        var seconds = InitialBackoff.TotalSeconds * Math.Pow(Multiplier, Math.Max(0, attempt - 2));
        var delay = TimeSpan.FromSeconds(seconds);
        return MaxBackoff is { } max && delay > max ? max : delay;
    }
}
