using System.Text;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

public sealed record ImportedHolidays(int Count, IReadOnlyList<ImportedHoliday> Holidays);

public sealed record DraftHolidayImport(int Added, IReadOnlyList<ImportedHoliday> Holidays, SlaVersionView Draft);

/// <summary>Holidays from an iCalendar (.ics) file: read them, or add them to a draft's national or regional calendar.</summary>
internal static class SlaCalendarImport
{
    private const int MaxBytes = 2 * 1024 * 1024;

    public static RouteGroupBuilder MapCalendarImport(this RouteGroupBuilder group)
    {
        group.MapPost("/holidays/read-ics", ReadAsync).Accepts<string>("text/calendar").Produces<ImportedHolidays>().ProducesValidationProblem()
            .WithSummary("The holidays an iCalendar (.ics) file declares between from and to (default: this year and the next two); the body is the file");
        group.MapPost("/{policyId}/draft/holidays/import", ImportAsync).Accepts<string>("text/calendar").Produces<DraftHolidayImport>()
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Adds the holidays of an iCalendar (.ics) file to the draft's calendar, or to its regional calendar named by ?regional=");
        return group;
    }

    private static async Task<IResult> ReadAsync(HttpRequest http, DateOnly? from, DateOnly? to, string? timeZone, TimeProvider time,
        CancellationToken ct)
    {
        var (holidays, problem) = await ParseAsync(http, from, to, timeZone ?? "Asia/Shanghai", time, ct);
        return problem ?? TypedResults.Ok(new ImportedHolidays(holidays!.Count, holidays));
    }

    private static async Task<IResult> ImportAsync(string policyId, HttpRequest http, DateOnly? from, DateOnly? to, string? regional,
        DbContext db, TimeProvider time, CancellationToken ct)
    {
        var draft = await db.Set<SlaPolicyVersionRecord>().FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Draft, ct);
        if (draft is null)
        {
            return await db.Set<SlaPolicyRecord>().AnyAsync(p => p.Id == policyId, ct)
                ? Problems.Conflict($"SLA policy '{policyId}' has no draft; save one first.")
                : Problems.NotFound($"No SLA policy has the id '{policyId}'.");
        }
        var document = SlaPolicyStore.Deserialize(draft.Document)!;
        var calendar = document.Calendar ?? new CalendarDocument();
        var (holidays, problem) = await ParseAsync(http, from, to, calendar.TimeZone ?? "Asia/Shanghai", time, ct);
        if (problem is not null)
            return problem;
        var dates = holidays!.Select(h => h.Date).ToList();
        int added;
        if (string.IsNullOrWhiteSpace(regional))
        {
            var existing = calendar.Holidays ?? [];
            added = dates.Count(d => !existing.Contains(d));
            calendar = calendar with { Holidays = existing.Union(dates).Order().ToList() };
        }
        else
        {
            var regions = calendar.Regional ?? [];
            var index = regions.FindIndex(r => string.Equals(r.Name, regional.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                return Problems.Invalid("regional", $"The draft's calendar has no regional calendar named '{regional}'.");
            var existing = regions[index].Holidays ?? [];
            added = dates.Count(d => !existing.Contains(d));
            regions = [.. regions];
            regions[index] = regions[index] with { Holidays = existing.Union(dates).Order().ToList() };
            calendar = calendar with { Regional = regions };
        }
        document = document with { Calendar = calendar };
        var errors = new FieldErrors();
        var json = SlaDrafts.Check(document, policyId, draft.Version, errors);
        if (errors.Any)
            return Problems.Invalid(errors.ToDictionary());
        draft.Document = json!;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"The draft of '{policyId}' was saved or published meanwhile; import again.");
        }
        return TypedResults.Ok(new DraftHolidayImport(added, holidays!, SlaVersionView.From(draft)));
    }

    private static async Task<(IReadOnlyList<ImportedHoliday>? Holidays, IResult? Problem)> ParseAsync(HttpRequest http, DateOnly? from,
        DateOnly? to, string timeZone, TimeProvider time, CancellationToken ct)
    {
        var year = time.GetUtcNow().Year;
        var (start, end) = (from ?? new DateOnly(year, 1, 1), to ?? new DateOnly(year + 2, 12, 31));
        if (end < start)
            return (null, Problems.Invalid("to", "to must not be before from."));
        if (end.DayNumber - start.DayNumber > 366 * 20)
            return (null, Problems.Invalid("to", "Import at most twenty years at once."));
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            return (null, Problems.Invalid("timeZone", $"Unknown time zone '{timeZone}'; use an IANA id such as Asia/Shanghai."));
        }
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes)
            return (null, Problems.Invalid("file", $"The file is larger than {MaxBytes / 1024 / 1024} MB."));
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return (null, Problems.Invalid("file", "The file is not UTF-8 text; an iCalendar file is."));
        }
        try
        {
            return (ICalendarHolidays.Read(text, start, end, zone), null);
        }
        catch (ICalendarFormatException e)
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [e.Message] },
                $"The iCalendar file is not valid at line {e.Line}.", type: ProblemTypes.For(400), title: "The request has invalid fields",
                extensions: new Dictionary<string, object?> { ["line"] = e.Line }));
        }
    }
}
