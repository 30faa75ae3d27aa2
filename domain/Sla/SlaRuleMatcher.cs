namespace Orchestrator.Domain.Sla;

/// <summary>The facts about a request that SLA rules match on and due times are computed from.</summary>
public sealed record SlaRequest(string RequestType, string Priority, DateTimeOffset OpenedAt)
{
    public string? CustomerTier { get; init; }

    public string? ContractLevel { get; init; }

    public string? Region { get; init; }

    public string? ProductLine { get; init; }

    /// <summary>When work started; targets counted from the work start have no due time before it.</summary>
    public DateTimeOffset? WorkStartedAt { get; init; }

    /// <summary>When the clock stood still (see <see cref="SlaPolicyVersion.PausesFrom"/>).</summary>
    public IReadOnlyList<Pause> Pauses { get; init; } = [];
}

/// <summary>An escalation step's action and the moment it is due.</summary>
public sealed record ScheduledEscalation(SlaTargetKind Target, string Action, DateTimeOffset At)
{
    /// <summary>The step's index in the policy version's escalations: a step fires once per request.</summary>
    public int Step { get; init; }
}

/// <summary>
/// Which rule of which policy version applies to a request and the due times that follow. A due time is null when the
/// rule says "no SLA", makes no such promise, counts from a work start that has not happened, or an open pause stops the clock.
/// </summary>
public sealed record SlaEvaluation(
    string PolicyId,
    int Version,
    string RuleId,
    DateTimeOffset? FirstResponseDue,
    DateTimeOffset? OnSiteDue,
    DateTimeOffset? ResolutionDue,
    IReadOnlyList<ScheduledEscalation> Escalations)
{
    public DateTimeOffset? DueFor(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponseDue,
        SlaTargetKind.OnSite => OnSiteDue,
        SlaTargetKind.Resolution => ResolutionDue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>The rule that applies to a request and its due times (see <see cref="SlaRuleMatcher.DueTimes"/>).</summary>
public readonly record struct SlaDueTimes(string RuleId, DateTimeOffset? FirstResponseDue, DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue)
{
    public DateTimeOffset? DueFor(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponseDue,
        SlaTargetKind.OnSite => OnSiteDue,
        SlaTargetKind.Resolution => ResolutionDue,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>Picks the rule of a policy version that applies to a request and computes its due times with <see cref="SlaClock"/>.</summary>
public static class SlaRuleMatcher
{
    /// <summary>The first rule in precedence order that matches, or the default rule.</summary>
    public static SlaRule Match(SlaPolicyVersion policy, SlaRequest request)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var rule in policy.Rules)
        {
            if (rule.Match.Matches(request))
            {
                return rule;
            }
        }

        return policy.DefaultRule;
    }

    public static SlaEvaluation Evaluate(SlaPolicyVersion policy, SlaRequest request)
    {
        var rule = Match(policy, request);
        var escalations = new List<ScheduledEscalation>();
        for (var i = 0; i < policy.Escalations.Count; i++)
        {
            var step = policy.Escalations[i];
            if (Clock(policy, rule, request, step.Target) is (var calendar, var start, var target)
                && SlaClock.AddBusinessTime(calendar, start, step.When.ElapsedWhenFiring(target), request.Pauses) is { } at)
            {
                escalations.Add(new ScheduledEscalation(step.Target, step.Action, at) { Step = i });
            }
        }

        return new SlaEvaluation(
            policy.PolicyId,
            policy.Version,
            rule.Id,
            Due(policy, rule, request, SlaTargetKind.FirstResponse),
            Due(policy, rule, request, SlaTargetKind.OnSite),
            Due(policy, rule, request, SlaTargetKind.Resolution),
            escalations.OrderBy(e => e.At).ToList());
    }

    /// <summary>The rule and the due times alone, without scheduling the escalation steps: for previews over many requests.</summary>
    public static SlaDueTimes DueTimes(SlaPolicyVersion policy, SlaRequest request)
    {
        var rule = Match(policy, request);
        return new SlaDueTimes(
            rule.Id,
            Due(policy, rule, request, SlaTargetKind.FirstResponse),
            Due(policy, rule, request, SlaTargetKind.OnSite),
            Due(policy, rule, request, SlaTargetKind.Resolution));
    }

    /// <summary>The clock's timeline for one target of the request, or null when the rule makes no such promise (yet).</summary>
    public static SlaExplanation? Explain(SlaPolicyVersion policy, SlaRequest request, SlaTargetKind kind) =>
        Clock(policy, Match(policy, request), request, kind) is (var calendar, var start, var target)
            ? SlaClock.Explain(calendar, start, target, request.Pauses)
            : null;

    /// <summary>The clock of one target for a request: its calendar, when it starts and how long it is; null when no such promise runs.</summary>
    public static (BusinessCalendar Calendar, DateTimeOffset Start, TimeSpan Target)? ClockOf(
        SlaPolicyVersion policy, SlaRequest request, SlaTargetKind kind) => Clock(policy, Match(policy, request), request, kind);

    private static DateTimeOffset? Due(SlaPolicyVersion policy, SlaRule rule, SlaRequest request, SlaTargetKind kind) =>
        Clock(policy, rule, request, kind) is (var calendar, var start, var target)
            ? SlaClock.AddBusinessTime(calendar, start, target, request.Pauses)
            : null;

    private static (BusinessCalendar Calendar, DateTimeOffset Start, TimeSpan Target)? Clock(
        SlaPolicyVersion policy, SlaRule rule, SlaRequest request, SlaTargetKind kind)
    {
        if (rule.Targets?[kind] is not { } target)
        {
            return null;
        }

        var start = target.StartsAt == SlaTargetStart.WorkStarted ? request.WorkStartedAt : request.OpenedAt;
        if (start is null)
        {
            return null;
        }

        var calendar = target.Clock == SlaClockMode.AroundTheClock ? BusinessCalendar.AroundTheClock : rule.Calendar ?? policy.CalendarFor(request.Region);
        return (calendar, start.Value, target.Duration);
    }
}
