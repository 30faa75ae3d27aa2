namespace Orchestrator.Domain.Sla;

/// <summary>Whether a target counts only working time of the policy's calendar or every minute.</summary>
public enum SlaClockMode
{
    BusinessHours,
    AroundTheClock,
}

/// <summary>The promises a rule makes.</summary>
public enum SlaTargetKind
{
    FirstResponse,
    OnSite,
    Resolution,
}

/// <summary>From when a target runs: the request being opened, or work starting (DOMAIN.md: "fixed within 24 hours of starting work").</summary>
public enum SlaTargetStart
{
    Opened,
    WorkStarted,
}

/// <summary>One promise: a positive duration, the clock it is counted on, and the moment it starts from.</summary>
public sealed record SlaTarget
{
    public SlaTarget(TimeSpan duration, SlaClockMode clock, SlaTargetStart startsAt = SlaTargetStart.Opened)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "An SLA target must be a positive duration; use a rule without targets for \"no SLA\".");
        }

        Duration = duration;
        Clock = clock;
        StartsAt = startsAt;
    }

    public TimeSpan Duration { get; }

    public SlaClockMode Clock { get; }

    public SlaTargetStart StartsAt { get; }

    public static SlaTarget BusinessHours(TimeSpan duration) => new(duration, SlaClockMode.BusinessHours);

    public static SlaTarget AroundTheClock(TimeSpan duration) => new(duration, SlaClockMode.AroundTheClock);

    /// <summary>The same target, counted from the start of work instead of from opening.</summary>
    public SlaTarget FromWorkStart() => new(Duration, Clock, SlaTargetStart.WorkStarted);

    public override string ToString() =>
        $"{Duration} {(Clock == SlaClockMode.BusinessHours ? "business hours" : "around the clock")}{(StartsAt == SlaTargetStart.WorkStarted ? " from work start" : "")}";
}

/// <summary>A rule's targets; a missing one means that promise is not made.</summary>
public sealed record SlaTargets(SlaTarget? FirstResponse, SlaTarget? OnSite, SlaTarget? Resolution)
{
    public SlaTarget? this[SlaTargetKind kind] => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponse,
        SlaTargetKind.OnSite => OnSite,
        SlaTargetKind.Resolution => Resolution,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
