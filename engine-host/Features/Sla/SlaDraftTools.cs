using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <param name="Version">The version to try; default the draft, else the latest published version.</param>
public sealed record SlaTryRequest(int? Version, string? RequestType, string? Priority, string? CustomerTier, string? ContractLevel,
    string? Region, string? ProductLine, DateTimeOffset? OpenedAt, DateTimeOffset? WorkStartedAt);

public sealed record SlaTryAnswer(string PolicyId, int Version, string Status, string RuleId, bool NoSla, string Calendar,
    IReadOnlyList<SlaTargetView> Targets);

/// <param name="Section"><c>rules</c>, <c>defaultTargets</c>, <c>calendar</c>, <c>pauseStatuses</c> or <c>escalations</c>.</param>
/// <param name="Key">What changed within the section: a rule id, a calendar field, an escalation step.</param>
/// <param name="Change"><c>Added</c>, <c>Removed</c>, <c>Changed</c> or <c>Moved</c> (a rule's precedence).</param>
public sealed record SlaDiffEntry(string Section, string Key, string Change, JsonNode? Before, JsonNode? After);

public sealed record SlaDiff(string PolicyId, int From, int To, IReadOnlyList<SlaDiffEntry> Changes);

/// <summary>Try a version on a hypothetical request; compare two versions.</summary>
internal static class SlaDraftTools
{
    public static RouteGroupBuilder MapDraftTools(this RouteGroupBuilder group)
    {
        group.MapPost("/{policyId}/try", TryAsync).Produces<SlaTryAnswer>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("Try the draft (or a version) on a hypothetical request: the matching rule, due times and each target's clock explained");
        group.MapGet("/{policyId}/diff", DiffAsync).Produces<SlaDiff>().ProducesValidationProblem().ProducesProblem(404)
            .WithSummary("What changed between two versions: rules (added, removed, changed, moved), default targets, calendar, pauses, escalations");
        return group;
    }

    private static async Task<IResult> TryAsync(string policyId, SlaTryRequest body, DbContext db, SlaPolicyStore store, TimeProvider time,
        CancellationToken ct)
    {
        var e = new FieldErrors();
        var type = e.Required("requestType", body.RequestType, 64);
        var priority = e.Required("priority", body.Priority, 32);
        if (body.WorkStartedAt < body.OpenedAt)
            e.Add("workStartedAt", "Work cannot start before the request was opened.");
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        var versions = db.Set<SlaPolicyVersionRecord>().AsNoTracking().Where(v => v.PolicyId == policyId);
        var record = body.Version is { } n
            ? await versions.FirstOrDefaultAsync(v => v.Version == n, ct)
            : await versions.OrderBy(v => v.Status == SlaVersionStatus.Draft ? 0 : 1).ThenByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (record is null)
            return Problems.NotFound(body.Version is null ? $"No SLA policy has the id '{policyId}'." : $"SLA policy '{policyId}' has no version {body.Version}.");
        var policy = store.Parse(record);
        var now = time.GetUtcNow();
        var facts = new SlaRequest(type, priority, body.OpenedAt ?? now)
        {
            CustomerTier = Blank(body.CustomerTier),
            ContractLevel = Blank(body.ContractLevel),
            Region = Blank(body.Region),
            ProductLine = Blank(body.ProductLine),
            WorkStartedAt = body.WorkStartedAt,
        };
        var rule = SlaRuleMatcher.Match(policy, facts);
        var targets = Enum.GetValues<SlaTargetKind>().Select(k => RequestSlaEndpoints.Target(policy, facts, null, k, null, now)).ToList();
        return TypedResults.Ok(new SlaTryAnswer(policyId, record.Version, record.Status.ToString(), rule.Id, rule.IsNoSla,
            (rule.Calendar ?? policy.CalendarFor(facts.Region)).Name, targets));
    }

    private static async Task<IResult> DiffAsync(string policyId, int? from, int? to, DbContext db, CancellationToken ct)
    {
        var versions = await db.Set<SlaPolicyVersionRecord>().AsNoTracking().Where(v => v.PolicyId == policyId).ToListAsync(ct);
        if (versions.Count == 0)
            return Problems.NotFound($"No SLA policy has the id '{policyId}'.");
        var toVersion = to ?? versions.Max(v => v.Version);
        var fromVersion = from ?? toVersion - 1;
        var a = versions.FirstOrDefault(v => v.Version == fromVersion);
        var b = versions.FirstOrDefault(v => v.Version == toVersion);
        if (a is null || b is null)
            return Problems.Invalid(a is null ? "from" : "to", $"SLA policy '{policyId}' has no version {(a is null ? fromVersion : toVersion)}.");
        return TypedResults.Ok(new SlaDiff(policyId, fromVersion, toVersion, Diff(SlaPolicyStore.Deserialize(a.Document)!, SlaPolicyStore.Deserialize(b.Document)!)));
    }

    public static List<SlaDiffEntry> Diff(SlaPolicyDocument before, SlaPolicyDocument after)
    {
        var changes = new List<SlaDiffEntry>();
        var oldRules = (before.Rules ?? []).Select((r, i) => (Rule: r, Index: i)).ToDictionary(x => x.Rule.Id ?? $"#{x.Index}", StringComparer.OrdinalIgnoreCase);
        var newRules = (after.Rules ?? []).Select((r, i) => (Rule: r, Index: i)).ToDictionary(x => x.Rule.Id ?? $"#{x.Index}", StringComparer.OrdinalIgnoreCase);
        foreach (var (id, (rule, _)) in oldRules.Where(r => !newRules.ContainsKey(r.Key)))
            changes.Add(new SlaDiffEntry("rules", id, "Removed", Node(rule), null));
        var keptOld = oldRules.Keys.Where(newRules.ContainsKey).OrderBy(k => oldRules[k].Index).ToList();
        var keptNew = newRules.Keys.Where(oldRules.ContainsKey).OrderBy(k => newRules[k].Index).ToList();
        foreach (var (id, (rule, index)) in newRules.OrderBy(r => r.Value.Index))
        {
            if (!oldRules.TryGetValue(id, out var old))
            {
                changes.Add(new SlaDiffEntry("rules", id, "Added", null, Node(rule)));
                continue;
            }
            if (!Same(old.Rule, rule))
                changes.Add(new SlaDiffEntry("rules", id, "Changed", Node(old.Rule), Node(rule)));
            if (keptOld.IndexOf(id) != keptNew.IndexOf(id))
                changes.Add(new SlaDiffEntry("rules", id, "Moved", old.Index + 1, index + 1));
        }

        Compare(changes, "defaultTargets", "defaultTargets", before.DefaultTargets, after.DefaultTargets);
        var (c1, c2) = (before.Calendar ?? new CalendarDocument(), after.Calendar ?? new CalendarDocument());
        Compare(changes, "calendar", "timeZone", c1.TimeZone, c2.TimeZone);
        Compare(changes, "calendar", "name", c1.Name, c2.Name);
        Compare(changes, "calendar", "hours", c1.Hours, c2.Hours);
        Compare(changes, "calendar", "makeUpWorkdays", c1.MakeUpWorkdays, c2.MakeUpWorkdays);
        Sets(changes, "calendar", "holidays", (c1.Holidays ?? []).Select(d => d.ToString("yyyy-MM-dd")), (c2.Holidays ?? []).Select(d => d.ToString("yyyy-MM-dd")));
        var oldRegional = (c1.Regional ?? []).ToDictionary(r => r.Name ?? "", StringComparer.OrdinalIgnoreCase);
        var newRegional = (c2.Regional ?? []).ToDictionary(r => r.Name ?? "", StringComparer.OrdinalIgnoreCase);
        foreach (var name in oldRegional.Keys.Union(newRegional.Keys, StringComparer.OrdinalIgnoreCase))
            Compare(changes, "calendar", $"regional:{name}", oldRegional.GetValueOrDefault(name), newRegional.GetValueOrDefault(name));
        Sets(changes, "pauseStatuses", "pauseStatuses", before.PauseStatuses ?? [], after.PauseStatuses ?? []);
        var oldSteps = (before.Escalations ?? []).Select(s => Node(s)!.ToJsonString()).ToList();
        var newSteps = (after.Escalations ?? []).Select(s => Node(s)!.ToJsonString()).ToList();
        foreach (var step in oldSteps.Except(newSteps))
            changes.Add(new SlaDiffEntry("escalations", Describe(step), "Removed", JsonNode.Parse(step), null));
        foreach (var step in newSteps.Except(oldSteps))
            changes.Add(new SlaDiffEntry("escalations", Describe(step), "Added", null, JsonNode.Parse(step)));
        return changes;
    }

    private static string Describe(string step)
    {
        var s = JsonNode.Parse(step)!;
        var when = s["atPercent"] is { } p ? $"{p} %" : $"{s["minutesBeforeDue"]} min before due";
        return $"{s["target"]} {when} {s["action"]}";
    }

    private static void Sets(List<SlaDiffEntry> changes, string section, string key, IEnumerable<string> before, IEnumerable<string> after)
    {
        var (a, b) = (before.ToHashSet(StringComparer.OrdinalIgnoreCase), after.ToHashSet(StringComparer.OrdinalIgnoreCase));
        foreach (var x in a.Except(b).Order(StringComparer.Ordinal))
            changes.Add(new SlaDiffEntry(section, $"{key}:{x}", "Removed", x, null));
        foreach (var x in b.Except(a).Order(StringComparer.Ordinal))
            changes.Add(new SlaDiffEntry(section, $"{key}:{x}", "Added", null, x));
    }

    private static void Compare<T>(List<SlaDiffEntry> changes, string section, string key, T? before, T? after)
    {
        if (Same(before, after))
            return;
        var change = before is null ? "Added" : after is null ? "Removed" : "Changed";
        changes.Add(new SlaDiffEntry(section, key, change, Node(before), Node(after)));
    }

    private static bool Same<T>(T? a, T? b) => JsonNode.DeepEquals(Node(a), Node(b));

    private static JsonNode? Node<T>(T? value) => value is null ? null : JsonSerializer.SerializeToNode(value, SlaPolicyStore.Json);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
