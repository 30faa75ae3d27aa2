using Orchestrator.Domain.Sla;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Teams;

/// <param name="WorkingHours">Weekday (monday … sunday, or weekdays) → intervals like 09:00-18:00; null: the standard hours.</param>
public sealed record TechnicianInput(string? Code, string? Name, Guid? TeamId, string? Phone, string? Email, List<string>? Skills,
    List<string>? Regions, bool? Active, Dictionary<string, List<string>>? WorkingHours);

internal static class TechnicianEndpoints
{
    public static readonly RecordApi<TechnicianRecord, TechnicianInput> Api = new()
    {
        Route = "technicians",
        Tag = "Teams",
        Noun = "technician",
        FindBy = GuidKeys.FindBy<TechnicianRecord>(code => t => t.Code == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters = [Lists.Id<TechnicianRecord>("teamId", t => t.TeamId), Lists.Bool<TechnicianRecord>("active", t => t.Active)],
        Sorts = [Lists.Sort<TechnicianRecord, string>("code", t => t.Code), Lists.Sort<TechnicianRecord, string>("name", t => t.Name)],
        Unique = [new("code", t => x => x.Code == t.Code && x.Id != t.Id, t => $"Technician code {t.Code} is taken.")],
    };

    private static async Task<TechnicianRecord?> ApplyAsync(RecordContext c, TechnicianInput i, TechnicianRecord? technician)
    {
        var e = c.Errors;
        var code = e.Required("code", i.Code, 32);
        var name = e.Required("name", i.Name);
        await c.Required<TeamRecord>("teamId", i.TeamId);
        var (skills, regions) = (e.List("skills", i.Skills, 64), e.List("regions", i.Regions));
        var (phone, email) = (e.Optional("phone", i.Phone, 40), e.Email("email", i.Email));
        if (i.WorkingHours is { } hours) // read like an SLA calendar's hours, so a bad interval is named the same way
            SlaPolicyDocumentReader.Calendar(new CalendarDocument { Name = "technician", TimeZone = "UTC", Hours = hours }, "workingHours", e);
        if (e.Any)
            return null;
        technician ??= new TechnicianRecord { Code = code, Name = name };
        (technician.Code, technician.Name, technician.TeamId, technician.Phone, technician.Email) = (code, name, i.TeamId!.Value, phone, email);
        (technician.Skills, technician.Regions, technician.Active, technician.WorkingHours) = (skills, regions, i.Active ?? true, i.WorkingHours);
        return technician;
    }
}
