using System.Globalization;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Sla;

/// <summary>Validates an <see cref="SlaPolicyDocument"/>, naming each bad field by its JSON path, and builds the policy version.</summary>
public static class SlaPolicyDocumentReader
{
    public const string DefaultRuleId = "default";

    /// <summary>The policy version the document describes, or null with <paramref name="errors"/> saying why.</summary>
    public static SlaPolicyVersion? Read(SlaPolicyDocument? document, string policyId, int version, FieldErrors errors)
    {
        if (document is null)
        {
            errors.Add("document", "The policy document is required.");
            return null;
        }

        var before = errors.ToDictionary().Count;
        var calendar = Calendar(document.Calendar, "calendar", errors);
        var rules = new List<SlaRule>();
        for (var i = 0; i < (document.Rules?.Count ?? 0); i++)
            rules.Add(Rule(document.Rules![i], $"rules[{i}]", errors));
        var duplicate = rules.Select(r => r.Id).Append(DefaultRuleId)
            .GroupBy(id => id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            errors.Add("rules", $"Rule id '{duplicate.Key}' is used more than once ('{DefaultRuleId}' is the default rule's).");
        var defaultRule = new SlaRule(DefaultRuleId, SlaMatch.Any, Targets(document.DefaultTargets, "defaultTargets", errors));
        var escalations = new List<SlaEscalationStep>();
        for (var i = 0; i < (document.Escalations?.Count ?? 0); i++)
        {
            if (Escalation(document.Escalations![i], $"escalations[{i}]", errors) is { } step)
                escalations.Add(step);
        }

        var pauses = errors.List("pauseStatuses", document.PauseStatuses, 64);
        var regional = calendar is null ? null : Regional(calendar, document.Calendar!.Regional, "calendar.regional", errors);
        if (errors.ToDictionary().Count > before || calendar is null)
            return null;
        return new SlaPolicyVersion(policyId, version, rules, defaultRule, calendar, pauses, escalations) { RegionalCalendars = regional! };
    }

    private static Dictionary<string, BusinessCalendar> Regional(BusinessCalendar national, List<RegionalCalendarDocument>? documents,
        string path, FieldErrors errors)
    {
        var byRegion = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (documents?.Count ?? 0); i++)
        {
            var d = documents![i];
            var at = $"{path}[{i}]";
            var name = errors.Required($"{at}.name", d.Name, 100);
            var regions = errors.List($"{at}.regions", d.Regions, 100);
            if (regions.Count == 0)
                errors.Add($"{at}.regions", "A regional calendar applies to at least one region.");
            var makeUp = MakeUpWorkdays(d.MakeUpWorkdays, $"{at}.makeUpWorkdays", errors);
            if (string.IsNullOrEmpty(name))
                continue;
            try
            {
                var calendar = national.ForRegion(name, d.Holidays ?? [], makeUp);
                foreach (var region in regions)
                {
                    if (!byRegion.TryAdd(region, calendar))
                        errors.Add($"{at}.regions", $"Region '{region}' already has a regional calendar ('{byRegion[region].Name}').");
                }
            }
            catch (ArgumentException e)
            {
                errors.Add(at, e.Message);
            }
        }

        return byRegion;
    }

    private static Dictionary<DateOnly, DayOfWeek> MakeUpWorkdays(Dictionary<string, string>? days, string path, FieldErrors errors)
    {
        var makeUp = new Dictionary<DateOnly, DayOfWeek>();
        foreach (var (date, worksLike) in days ?? [])
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                || Days(worksLike) is not [var weekday])
                errors.Add(path, $"'{date}': '{worksLike}' must be a yyyy-MM-dd date mapped to a weekday name.");
            else
                makeUp[d] = weekday;
        }

        return makeUp;
    }

    public static BusinessCalendar? Calendar(CalendarDocument? document, string path, FieldErrors errors)
    {
        if (document is null)
        {
            errors.Add(path, "The business calendar is required.");
            return null;
        }

        var hours = WeeklyHours.None;
        foreach (var (day, intervals) in document.Hours ?? [])
        {
            var days = Days(day);
            if (days is null)
            {
                errors.Add($"{path}.hours", $"'{day}' is not a day: use monday … sunday or weekdays.");
                continue;
            }
            try
            {
                hours = hours.With(days, intervals.Select(WorkingInterval.Parse).ToArray());
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                errors.Add($"{path}.hours.{day}", e.Message);
            }
        }

        var makeUp = MakeUpWorkdays(document.MakeUpWorkdays, $"{path}.makeUpWorkdays", errors);

        try
        {
            return BusinessCalendar.Create(errors.Required($"{path}.name", document.Name, 100),
                errors.Required($"{path}.timeZone", document.TimeZone, 64), hours, document.Holidays, makeUp);
        }
        catch (ArgumentException e)
        {
            errors.Add(e.ParamName == "timeZoneId" ? $"{path}.timeZone" : $"{path}.hours", e.Message);
            return null;
        }
    }

    private static SlaRule Rule(SlaRuleDocument rule, string path, FieldErrors errors)
    {
        var id = errors.Required($"{path}.id", rule.Id, 100);
        var m = rule.Match ?? new SlaMatchDocument();
        var match = new SlaMatch
        {
            RequestTypes = errors.List($"{path}.match.requestTypes", m.RequestTypes),
            Priorities = errors.List($"{path}.match.priorities", m.Priorities),
            CustomerTiers = errors.List($"{path}.match.customerTiers", m.CustomerTiers),
            ContractLevels = errors.List($"{path}.match.contractLevels", m.ContractLevels),
            Regions = errors.List($"{path}.match.regions", m.Regions),
            ProductLines = errors.List($"{path}.match.productLines", m.ProductLines),
        };
        if (match.IsAny)
            errors.Add($"{path}.match", "A rule must match on at least one criterion; the default targets cover everything else.");
        if (rule.NoSla)
            return SlaRule.NoSla(string.IsNullOrEmpty(id) ? "_" : id, match);
        if (rule.Targets is null)
            errors.Add($"{path}.targets", "A rule needs targets, or noSla: true.");
        return new SlaRule(string.IsNullOrEmpty(id) ? "_" : id, match, Targets(rule.Targets, $"{path}.targets", errors));
    }

    private static SlaTargets? Targets(SlaTargetsDocument? targets, string path, FieldErrors errors) =>
        targets is null
            ? null
            : new SlaTargets(Target(targets.FirstResponse, $"{path}.firstResponse", errors),
                Target(targets.OnSite, $"{path}.onSite", errors), Target(targets.Resolution, $"{path}.resolution", errors));

    private static SlaTarget? Target(SlaTargetDocument? target, string path, FieldErrors errors)
    {
        if (target is null)
            return null;
        var minutes = errors.Range($"{path}.minutes", target.Minutes, 1, 60 * 24 * 366);
        var clock = errors.Enum<SlaClockMode>($"{path}.clock", target.Clock, SlaClockMode.BusinessHours);
        var start = errors.Enum<SlaTargetStart>($"{path}.startsAt", target.StartsAt, SlaTargetStart.Opened);
        return new SlaTarget(TimeSpan.FromMinutes(Math.Max(1, minutes)), clock, start);
    }

    private static SlaEscalationStep? Escalation(SlaEscalationDocument step, string path, FieldErrors errors)
    {
        var target = errors.Enum<SlaTargetKind>($"{path}.target", step.Target);
        var action = errors.Required($"{path}.action", step.Action, 100);
        if ((step.AtPercent is null) == (step.MinutesBeforeDue is null))
        {
            errors.Add(path, "Give exactly one of atPercent and minutesBeforeDue.");
            return null;
        }
        var when = step.AtPercent is { } percent
            ? EscalationTrigger.AtPercentOfTarget(Math.Clamp(errors.Range($"{path}.atPercent", percent, 1, 1000), 1, 1000))
            : EscalationTrigger.BeforeDue(TimeSpan.FromMinutes(Math.Clamp(
                errors.Range($"{path}.minutesBeforeDue", step.MinutesBeforeDue, 1, 60 * 24 * 30), 1, 60 * 24 * 30)));
        var emailTo = errors.Optional($"{path}.emailTo", step.EmailTo, 200);
        var template = errors.Optional($"{path}.template", step.Template, 100);
        var priority = errors.Optional($"{path}.priority", step.Priority, 32);
        var team = errors.Optional($"{path}.team", step.Team, 32);
        switch (action)
        {
            case "":
                return null;
            case SlaActions.Email when emailTo is null:
                errors.Add($"{path}.emailTo", "An email step needs emailTo: team-lead, role:<name> or an address.");
                break;
            case SlaActions.Email when !(emailTo == "team-lead" || emailTo.StartsWith("role:", StringComparison.Ordinal) || emailTo.Contains('@', StringComparison.Ordinal)):
                errors.Add($"{path}.emailTo", $"'{emailTo}' is not team-lead, role:<name> or an email address.");
                break;
            case SlaActions.Reassign when team is null:
                errors.Add($"{path}.team", "A reassign step needs the code of the team to reassign to.");
                break;
            case SlaActions.Warning or SlaActions.Breached or SlaActions.Email or SlaActions.RaisePriority or SlaActions.Reassign:
                break;
            default:
                errors.Add($"{path}.action", $"'{action}' is not an action; use one of {string.Join(", ", SlaActions.All)}.");
                break;
        }

        return new SlaEscalationStep(target, when, action) { EmailTo = emailTo, Template = template, Priority = priority, Team = team };
    }

    private static DayOfWeek[]? Days(string name) => name.Trim().ToLowerInvariant() switch
    {
        "weekdays" => [.. WeeklyHours.MondayToFriday],
        "everyday" or "daily" => Enum.GetValues<DayOfWeek>(),
        var day when Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var d) && !char.IsDigit(day[0]) => [d],
        _ => null,
    };
}
