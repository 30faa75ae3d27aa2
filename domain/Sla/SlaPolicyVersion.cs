namespace Orchestrator.Domain.Sla;

/// <summary>A request's status changing at a moment; statuses a policy names as pause statuses stop the clock.</summary>
public sealed record SlaStatusChange(string Status, DateTimeOffset At);

/// <summary>
/// One version of an SLA policy: rules in precedence order (the first match wins), a default rule for everything else,
/// the business calendar, the statuses that stop the clock and the escalation steps.
/// </summary>
public sealed record SlaPolicyVersion
{
    public SlaPolicyVersion(
        string policyId,
        int version,
        IEnumerable<SlaRule> rules,
        SlaRule defaultRule,
        BusinessCalendar calendar,
        IEnumerable<string>? pauseStatuses = null,
        IEnumerable<SlaEscalationStep>? escalations = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyId);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(defaultRule);
        ArgumentNullException.ThrowIfNull(calendar);
        if (!defaultRule.Match.IsAny)
        {
            throw new ArgumentException($"The default rule '{defaultRule.Id}' must match every request (no criteria).", nameof(defaultRule));
        }

        var ordered = rules.ToList();
        var duplicate = ordered.Append(defaultRule).GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Rule id '{duplicate.Key}' is used more than once in policy '{policyId}'.", nameof(rules));
        }

        PolicyId = policyId;
        Version = version;
        Rules = ordered;
        DefaultRule = defaultRule;
        Calendar = calendar;
        PauseStatuses = new HashSet<string>(pauseStatuses ?? [], StringComparer.OrdinalIgnoreCase);
        Escalations = (escalations ?? []).ToList();
    }

    public string PolicyId { get; }

    public int Version { get; }

    /// <summary>In precedence order: the first rule that matches a request applies.</summary>
    public IReadOnlyList<SlaRule> Rules { get; }

    /// <summary>Applies when no rule matches.</summary>
    public SlaRule DefaultRule { get; }

    /// <summary>The calendar business-hours targets count on (unless a rule brings its own).</summary>
    public BusinessCalendar Calendar { get; }

    /// <summary>Request statuses that stop the clock, e.g. waiting for the customer, for parts, for a vendor.</summary>
    public IReadOnlySet<string> PauseStatuses { get; }

    public IReadOnlyList<SlaEscalationStep> Escalations { get; }

    /// <summary>Region (any case) → the regional calendar building on <see cref="Calendar"/>.</summary>
    public IReadOnlyDictionary<string, BusinessCalendar> RegionalCalendars { get; init; } =
        new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The calendar business-hours targets of a request in <paramref name="region"/> count on.</summary>
    public BusinessCalendar CalendarFor(string? region) =>
        region is not null && RegionalCalendars.TryGetValue(region, out var regional) ? regional : Calendar;

    /// <summary>
    /// The promises shipped by default (DOMAIN.md): first response within 30 minutes of business hours, on site within
    /// 24 hours and fixed within 24 hours of starting work, both around the clock; warn at 75 %, breach at 100 %.
    /// </summary>
    public static SlaPolicyVersion ShippedDefault(BusinessCalendar? calendar = null) =>
        new(
            "default",
            1,
            [],
            new SlaRule(
                "default",
                SlaMatch.Any,
                new SlaTargets(
                    SlaTarget.BusinessHours(TimeSpan.FromMinutes(30)),
                    SlaTarget.AroundTheClock(TimeSpan.FromHours(24)),
                    SlaTarget.AroundTheClock(TimeSpan.FromHours(24)).FromWorkStart())),
            calendar ?? StandardCalendar,
            ["WaitingForCustomer", "WaitingForParts", "WaitingForVendor"],
            Enum.GetValues<SlaTargetKind>().SelectMany(kind => new[]
            {
                new SlaEscalationStep(kind, EscalationTrigger.AtPercentOfTarget(75), "sla.warning"),
                new SlaEscalationStep(kind, EscalationTrigger.AtPercentOfTarget(100), "sla.breached"),
            }));

    /// <summary>Mon–Fri 09:00–12:00 and 13:00–18:00 in Asia/Shanghai, no holidays: the calendar of the shipped default.</summary>
    public static BusinessCalendar StandardCalendar { get; } =
        BusinessCalendar.Create("Standard", "Asia/Shanghai", WeeklyHours.Weekdays("09:00-12:00", "13:00-18:00"));

    /// <summary>
    /// The pauses a request's status history makes under this policy: each stretch in a pause status, with the status as
    /// the reason; the last one is open when the request is still in it.
    /// </summary>
    public IReadOnlyList<Pause> PausesFrom(IEnumerable<SlaStatusChange> history)
    {
        var pauses = new List<Pause>();
        SlaStatusChange? paused = null;
        foreach (var change in history.OrderBy(c => c.At))
        {
            if (paused is not null && !string.Equals(paused.Status, change.Status, StringComparison.OrdinalIgnoreCase))
            {
                pauses.Add(new Pause(paused.At, change.At, paused.Status));
                paused = null;
            }

            if (paused is null && PauseStatuses.Contains(change.Status))
            {
                paused = change;
            }
        }

        if (paused is not null)
        {
            pauses.Add(new Pause(paused.At, null, paused.Status));
        }

        return pauses;
    }
}
