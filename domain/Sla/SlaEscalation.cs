namespace Orchestrator.Domain.Sla;

/// <summary>When an escalation step fires, measured on the target's own clock (business hours or around the clock).</summary>
public abstract record EscalationTrigger
{
    private protected EscalationTrigger()
    {
    }

    /// <summary>Fires when this percentage of the target has elapsed: 75 warns, 100 is the breach, 150 escalates further.</summary>
    public static EscalationTrigger AtPercentOfTarget(int percent) => new AtPercent(percent);

    /// <summary>Fires when this much of the target's time is left (at the start if the target is shorter).</summary>
    public static EscalationTrigger BeforeDue(TimeSpan lead) => new Before(lead);

    /// <summary>How much counted time after the target's start the step fires.</summary>
    public abstract TimeSpan ElapsedWhenFiring(TimeSpan target);

    public sealed record AtPercent : EscalationTrigger
    {
        public AtPercent(int percent)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
            Percent = percent;
        }

        public int Percent { get; }

        public override TimeSpan ElapsedWhenFiring(TimeSpan target) => TimeSpan.FromTicks((long)((Int128)target.Ticks * Percent / 100));

        public override string ToString() => $"at {Percent} % of the target";
    }

    public sealed record Before : EscalationTrigger
    {
        public Before(TimeSpan lead)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lead, TimeSpan.Zero);
            Lead = lead;
        }

        public TimeSpan Lead { get; }

        public override TimeSpan ElapsedWhenFiring(TimeSpan target) => target > Lead ? target - Lead : TimeSpan.Zero;

        public override string ToString() => $"{Lead} before the due time";
    }
}

/// <summary>An escalation step: on which target, when, and the name of the action to take (e.g. <c>sla.warning</c>, <c>raise-priority</c>).</summary>
public sealed record SlaEscalationStep
{
    public SlaEscalationStep(SlaTargetKind target, EscalationTrigger when, string action)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        Target = target;
        When = when;
        Action = action;
    }

    public SlaTargetKind Target { get; }

    public EscalationTrigger When { get; }

    public string Action { get; }

    /// <summary>For <see cref="SlaActions.Email"/>: <c>team-lead</c>, <c>role:&lt;name&gt;</c> or an address.</summary>
    public string? EmailTo { get; init; }

    /// <summary>For <see cref="SlaActions.Email"/>: the template name.</summary>
    public string? Template { get; init; }

    /// <summary>For <see cref="SlaActions.RaisePriority"/>: the priority to raise to; null for one level up.</summary>
    public string? Priority { get; init; }

    /// <summary>For <see cref="SlaActions.Reassign"/>: the team code.</summary>
    public string? Team { get; init; }
}

/// <summary>The actions an escalation step can take.</summary>
public static class SlaActions
{
    public const string Warning = "sla.warning";
    public const string Breached = "sla.breached";
    public const string Email = "email";
    public const string RaisePriority = "raise-priority";
    public const string Reassign = "reassign";

    public static readonly IReadOnlyList<string> All = [Warning, Breached, Email, RaisePriority, Reassign];
}
