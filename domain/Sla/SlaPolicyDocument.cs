namespace Orchestrator.Domain.Sla;

/// <summary>
/// An SLA policy version as JSON, the way the admin UI and the API write it: a calendar, the statuses that pause the
/// clock, rules in precedence order with their targets, the targets of everything else, and escalation steps.
/// <see cref="SlaPolicyDocumentReader"/> validates it (naming each bad field) and turns it into a <see cref="SlaPolicyVersion"/>.
/// </summary>
public sealed record SlaPolicyDocument
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public CalendarDocument? Calendar { get; init; }

    /// <summary>Request statuses that stop the clock, e.g. <c>WaitingForCustomer</c>.</summary>
    public List<string>? PauseStatuses { get; init; }

    /// <summary>In precedence order: the first rule that matches applies.</summary>
    public List<SlaRuleDocument>? Rules { get; init; }

    /// <summary>The targets when no rule matches (the rule <c>default</c>); null means no SLA.</summary>
    public SlaTargetsDocument? DefaultTargets { get; init; }

    public List<SlaEscalationDocument>? Escalations { get; init; }

    /// <summary>The promises of DOMAIN.md: 30 business minutes to respond, 24 h on site, 24 h to fix once work started.</summary>
    public static SlaPolicyDocument ShippedDefault { get; } = new()
    {
        Name = "Standard service promises",
        Description = "Answer within 30 minutes of business hours, on site within 24 hours, fixed within 24 hours of starting work.",
        Calendar = new CalendarDocument
        {
            Name = "Standard",
            TimeZone = "Asia/Shanghai",
            Hours = new() { ["weekdays"] = ["09:00-12:00", "13:00-18:00"] },
        },
        PauseStatuses = ["WaitingForCustomer", "WaitingForParts", "WaitingForVendor"],
        Rules = [],
        DefaultTargets = new SlaTargetsDocument
        {
            FirstResponse = new SlaTargetDocument { Minutes = 30, Clock = nameof(SlaClockMode.BusinessHours) },
            OnSite = new SlaTargetDocument { Minutes = 24 * 60, Clock = nameof(SlaClockMode.AroundTheClock) },
            Resolution = new SlaTargetDocument
            {
                Minutes = 24 * 60,
                Clock = nameof(SlaClockMode.AroundTheClock),
                StartsAt = nameof(SlaTargetStart.WorkStarted),
            },
        },
        Escalations = Enum.GetNames<SlaTargetKind>().SelectMany(kind => new[]
        {
            new SlaEscalationDocument { Target = kind, AtPercent = 75, Action = "sla.warning" },
            new SlaEscalationDocument { Target = kind, AtPercent = 100, Action = "sla.breached" },
        }).ToList(),
    };
}

/// <summary>Working hours by weekday (<c>monday</c>…<c>sunday</c>, or <c>weekdays</c> for Monday to Friday), holidays and make-up workdays.</summary>
public sealed record CalendarDocument
{
    public string? Name { get; init; }

    /// <summary>IANA id, e.g. <c>Asia/Shanghai</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Day → intervals such as <c>09:00-12:00</c>.</summary>
    public Dictionary<string, List<string>>? Hours { get; init; }

    public List<DateOnly>? Holidays { get; init; }

    /// <summary>Date → the weekday whose hours apply (调休).</summary>
    public Dictionary<string, string>? MakeUpWorkdays { get; init; }

    /// <summary>Regional calendars building on this (national) one: its zone and hours and days, plus their own days.</summary>
    public List<RegionalCalendarDocument>? Regional { get; init; }
}

/// <summary>
/// A region's calendar: the national calendar's zone, hours, holidays and make-up workdays, plus its own holidays and
/// make-up workdays (its own win on the same date). Business-hours targets of requests in one of <see cref="Regions"/> count on it.
/// </summary>
public sealed record RegionalCalendarDocument
{
    public string? Name { get; init; }

    /// <summary>The request regions it applies to, e.g. <c>Guangdong</c>.</summary>
    public List<string>? Regions { get; init; }

    public List<DateOnly>? Holidays { get; init; }

    public Dictionary<string, string>? MakeUpWorkdays { get; init; }
}

/// <summary>A rule: an id, what it matches (empty lists match anything), and its targets, or <see cref="NoSla"/>.</summary>
public sealed record SlaRuleDocument
{
    public string? Id { get; init; }

    public SlaMatchDocument? Match { get; init; }

    public SlaTargetsDocument? Targets { get; init; }

    /// <summary>True for "no SLA": matching requests get no due times.</summary>
    public bool NoSla { get; init; }
}

public sealed record SlaMatchDocument
{
    public List<string>? RequestTypes { get; init; }

    public List<string>? Priorities { get; init; }

    public List<string>? CustomerTiers { get; init; }

    public List<string>? ContractLevels { get; init; }

    public List<string>? Regions { get; init; }

    public List<string>? ProductLines { get; init; }
}

public sealed record SlaTargetsDocument
{
    public SlaTargetDocument? FirstResponse { get; init; }

    public SlaTargetDocument? OnSite { get; init; }

    public SlaTargetDocument? Resolution { get; init; }
}

/// <summary>A target in minutes, on <c>BusinessHours</c> (default) or <c>AroundTheClock</c>, from <c>Opened</c> (default) or <c>WorkStarted</c>.</summary>
public sealed record SlaTargetDocument
{
    public int? Minutes { get; init; }

    public string? Clock { get; init; }

    public string? StartsAt { get; init; }
}

/// <summary>
/// An escalation step: on a target, at a percentage of it or some minutes before it is due, an action:
/// <c>sla.warning</c> / <c>sla.breached</c> (outgoing webhooks), <c>email</c> (to <see cref="EmailTo"/> with
/// <see cref="Template"/>), <c>raise-priority</c> (one level, or to <see cref="Priority"/>), <c>reassign</c> (to <see cref="Team"/>).
/// </summary>
public sealed record SlaEscalationDocument
{
    public string? Target { get; init; }

    public int? AtPercent { get; init; }

    public int? MinutesBeforeDue { get; init; }

    public string? Action { get; init; }

    /// <summary>For <c>email</c>: <c>team-lead</c> (the lead of the request's team), <c>role:Supervisor</c>, or an address.</summary>
    public string? EmailTo { get; init; }

    /// <summary>For <c>email</c>: the email template's name; default <c>sla-warning</c>.</summary>
    public string? Template { get; init; }

    /// <summary>For <c>raise-priority</c>: the priority to raise to (never lowers); default one level up.</summary>
    public string? Priority { get; init; }

    /// <summary>For <c>reassign</c>: the code of the team the request moves to.</summary>
    public string? Team { get; init; }
}
