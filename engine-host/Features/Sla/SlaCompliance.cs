using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>One target (first response, on site, resolution) of a group of requests.</summary>
/// <param name="Met">Met at or before its due time.</param>
/// <param name="Breached">Met after its due time, or not met and past it.</param>
/// <param name="Running">Not met and not yet due: neither met nor breached so far.</param>
/// <param name="MetPercent">Met of met + breached; null when none of them is decided.</param>
/// <param name="AverageMinutes">Wall-clock minutes from opening to the target being met, over the requests that met it (late or not).</param>
/// <param name="P90Minutes">The 90th percentile of the same.</param>
public sealed record SlaComplianceTarget(string Target, int Met, int Breached, int Running, double? MetPercent, double? AverageMinutes,
    double? P90Minutes);

/// <param name="Key">The group's value: a month (<c>2026-03</c>), a team or technician code, a type, a priority, <c>policy v2</c>.</param>
/// <param name="Label">What people call it: a team's or technician's name; otherwise the key.</param>
public sealed record SlaComplianceGroup(string Key, string Label, int Requests, IReadOnlyList<SlaComplianceTarget> Targets);

/// <param name="GroupBy"><c>month</c>, <c>team</c>, <c>technician</c>, <c>type</c>, <c>priority</c> or <c>version</c>.</param>
/// <param name="Total">Every request of the period that runs under an SLA, as one group.</param>
public sealed record SlaComplianceReport(DateTimeOffset From, DateTimeOffset To, string GroupBy, string TimeZone, DateTimeOffset ComputedAt,
    SlaComplianceGroup Total, IReadOnlyList<SlaComplianceGroup> Groups);

/// <summary>
/// SLA compliance of the requests opened in a period, per month, team, technician, type, priority or policy version: met /
/// breached per target against the due times the requests ran with (overrides included), and the time it took to
/// respond, arrive and resolve. As JSON for the charts, or as a CSV / Excel file.
/// </summary>
internal static class SlaCompliance
{
    public static readonly string[] Dimensions = ["month", "team", "technician", "type", "priority", "version"];
    private static readonly string[] Formats = ["json", "csv", "xlsx"];

    public static IEndpointRouteBuilder MapSlaReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sla-reports/compliance", ReportAsync).WithTags("SLA policies")
            .Produces<SlaComplianceReport>(200, "application/json", SlaReportFiles.CsvContentType, SlaReportFiles.XlsxContentType)
            .ProducesValidationProblem()
            .WithSummary("SLA compliance of the requests opened in [from, to): met/breached and time to respond/arrive/resolve per "
                + "month, team, technician, type, priority or version; format=csv|xlsx for a file");
        return app;
    }

    private sealed record Row(ServiceRequestType Type, RequestPriority Priority, Guid? TeamId, Guid? AssigneeId, string? PolicyId, int? Version,
        DateTimeOffset OpenedAt, DateTimeOffset? FirstRespondedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? WorkStartedAt,
        DateTimeOffset? ResolvedAt, DateTimeOffset? FirstResponseDue, DateTimeOffset? OnSiteDue, DateTimeOffset? ResolutionDue);

    /// <param name="from">Start of the period (ISO 8601; a date is midnight in <paramref name="timeZone"/>); default the first day of the month five months ago.</param>
    /// <param name="to">End, exclusive; default now.</param>
    /// <param name="groupBy">month (default), team, technician, type, priority or version.</param>
    /// <param name="timeZone">IANA zone for months and dates; default UTC.</param>
    /// <param name="policyId">Only requests under this policy.</param>
    /// <param name="team">Only requests of the team with this code.</param>
    /// <param name="format">json (default), csv or xlsx.</param>
    /// <param name="lang">Column headings of a file: en (default) or zh.</param>
    private static async Task<IResult> ReportAsync(string? from, string? to, string? groupBy, string? timeZone, string? policyId, string? team,
        string? format, string? lang, DbContext db, TimeProvider time, CancellationToken ct)
    {
        var e = new FieldErrors();
        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(timeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out zone))
            e.Add("timeZone", $"'{timeZone}' is not a time zone; use an IANA name such as Asia/Shanghai.");
        zone ??= TimeZoneInfo.Utc;
        var now = time.GetUtcNow();
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var start = Instant(e, "from", from, zone) ?? Midnight(new DateTime(localNow.Year, localNow.Month, 1).AddMonths(-5), zone);
        var end = Instant(e, "to", to, zone) ?? now;
        if (!e.Has("from") && !e.Has("to") && end <= start)
            e.Add("to", "to must be after from.");
        var dimension = (groupBy ?? "month").Trim().ToLowerInvariant();
        if (!Dimensions.Contains(dimension))
            e.Add("groupBy", $"Group by one of {string.Join(", ", Dimensions)}.");
        var kind = (format ?? "json").Trim().ToLowerInvariant();
        if (!Formats.Contains(kind))
            e.Add("format", "The format is json, csv or xlsx.");
        var language = (lang ?? "en").Trim().ToLowerInvariant();
        if (language is not ("en" or "zh"))
            e.Add("lang", "The language is en or zh.");
        Guid? teamId = null;
        if (!string.IsNullOrWhiteSpace(team))
        {
            teamId = await db.Set<TeamRecord>().AsNoTracking().Where(t => t.Code == team.Trim()).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
            if (teamId is null)
                e.Add("team", $"No team has the code '{team}'.");
        }
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());

        var report = await ComputeAsync(db, start, end, dimension, zone, policyId, teamId, now, ct);
        if (kind == "json")
            return TypedResults.Ok(report);
        var (content, contentType) = SlaReportFiles.Write(report, kind, language);
        return TypedResults.File(content, contentType, $"sla-compliance-{dimension}-{now:yyyyMMdd-HHmmss}.{kind}");
    }

    public static async Task<SlaComplianceReport> ComputeAsync(DbContext db, DateTimeOffset from, DateTimeOffset to, string groupBy,
        TimeZoneInfo zone, string? policyId, Guid? teamId, DateTimeOffset now, CancellationToken ct)
    {
        var (start, end) = (from.ToUniversalTime(), to.ToUniversalTime());
        var requests = db.Set<ServiceRequest>().AsNoTracking()
            .Where(r => r.OpenedAt >= start && r.OpenedAt < end && r.SlaPolicyId != null && r.Status != ServiceRequestStatus.Cancelled);
        if (policyId is not null)
            requests = requests.Where(r => r.SlaPolicyId == policyId);
        if (teamId is not null)
            requests = requests.Where(r => r.TeamId == teamId);
        var names = groupBy switch
        {
            "team" => await db.Set<TeamRecord>().AsNoTracking().ToDictionaryAsync(t => t.Id, t => (t.Code, t.Name), ct),
            "technician" => await db.Set<TechnicianRecord>().AsNoTracking().ToDictionaryAsync(t => t.Id, t => (t.Code, t.Name), ct),
            _ => [],
        };

        var total = new Tally();
        var groups = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = requests.Select(r => new Row(r.Type, r.Priority, r.TeamId, r.AssigneeId, r.SlaPolicyId, r.SlaPolicyVersion, r.OpenedAt,
            r.FirstRespondedAt, r.ArrivedAt, r.WorkStartedAt, r.ResolvedAt, r.FirstResponseDue, r.OnSiteDue, r.ResolutionDue));
        await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var (key, label) = groupBy switch
            {
                "team" or "technician" => (groupBy == "team" ? r.TeamId : r.AssigneeId) is { } id && names.TryGetValue(id, out var n)
                    ? (n.Code, n.Name)
                    : ("(none)", "(none)"),
                "type" => (r.Type.ToString(), r.Type.ToString()),
                "priority" => (r.Priority.ToString(), r.Priority.ToString()),
                "version" => ($"{r.PolicyId} v{r.Version}", $"{r.PolicyId} v{r.Version}"),
                _ => Month(r.OpenedAt, zone),
            };
            if (!groups.TryGetValue(key, out var tally))
                (groups[key], labels[key]) = (tally = new Tally(), label);
            total.Add(r, now);
            tally.Add(r, now);
        }

        var ordered = groupBy == "priority"
            ? groups.OrderBy(g => Enum.TryParse<RequestPriority>(g.Key, out var p) ? (int)p : 99)
            : groups.OrderBy(g => g.Key, StringComparer.Ordinal);
        return new SlaComplianceReport(start, end, groupBy, zone.Id, now, total.ToGroup("total", "Total"),
            ordered.Select(g => g.Value.ToGroup(g.Key, labels[g.Key])).ToList());
    }

    private static (string, string) Month(DateTimeOffset at, TimeZoneInfo zone)
    {
        var month = TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return (month, month);
    }

    private static DateTimeOffset? Instant(FieldErrors e, string field, string? text, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return Midnight(date.ToDateTime(TimeOnly.MinValue), zone);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at.ToUniversalTime();
        e.Add(field, $"'{text}' is not a date (yyyy-MM-dd) or a date and time (ISO 8601).");
        return null;
    }

    private static DateTimeOffset Midnight(DateTime local, TimeZoneInfo zone) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    /// <summary>Counts of one group: per target met, breached, running and the minutes each met target took.</summary>
    private sealed class Tally
    {
        private static readonly SlaTargetKind[] Kinds = Enum.GetValues<SlaTargetKind>();
        private readonly int[,] _counts = new int[Kinds.Length, 3];
        private readonly List<double>[] _minutes = Kinds.Select(_ => new List<double>()).ToArray();
        private int _requests;

        public void Add(Row r, DateTimeOffset now)
        {
            _requests++;
            foreach (var kind in Kinds)
            {
                var (due, met) = kind switch
                {
                    SlaTargetKind.FirstResponse => (r.FirstResponseDue, r.FirstRespondedAt ?? r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt),
                    SlaTargetKind.OnSite => (r.OnSiteDue, r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt),
                    _ => (r.ResolutionDue, r.ResolvedAt),
                };
                var i = (int)kind;
                if (met is { } m)
                    _minutes[i].Add(Math.Max(0, (m - r.OpenedAt).TotalMinutes));
                if (due is not { } d)
                    continue;
                var state = met is { } at ? (at <= d ? 0 : 1) : now > d ? 1 : 2;
                _counts[i, state]++;
            }
        }

        public SlaComplianceGroup ToGroup(string key, string label) => new(key, label, _requests, Kinds.Select(kind =>
        {
            var i = (int)kind;
            var (met, breached) = (_counts[i, 0], _counts[i, 1]);
            var minutes = _minutes[i];
            minutes.Sort();
            return new SlaComplianceTarget(kind.ToString(), met, breached, _counts[i, 2],
                met + breached == 0 ? null : Math.Round(100.0 * met / (met + breached), 1),
                minutes.Count == 0 ? null : Math.Round(minutes.Average(), 1),
                minutes.Count == 0 ? null : Math.Round(minutes[(int)Math.Ceiling(0.9 * minutes.Count) - 1], 1));
        }).ToList());
    }
}
