using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Teams;

public sealed record TeamInput(string? Code, string? Name, List<string>? ProductLines, List<string>? Regions, string? LeadCode);

internal static class TeamEndpoints
{
    public static readonly RecordApi<TeamRecord, TeamInput> Api = new()
    {
        Route = "teams",
        Tag = "Teams",
        Noun = "team",
        FindBy = GuidKeys.FindBy<TeamRecord>(code => t => t.Code == code),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = (c, i, team) =>
        {
            var e = c.Errors;
            var code = e.Required("code", i.Code, 32);
            var name = e.Required("name", i.Name);
            var lines = e.List("productLines", i.ProductLines, 64);
            var regions = e.List("regions", i.Regions);
            if (lines.Count == 0)
                e.Add("productLines", "A team serves at least one product line.");
            if (regions.Count == 0)
                e.Add("regions", "A team covers at least one region.");
            var lead = e.Optional("leadCode", i.LeadCode, 32);
            if (e.Any)
                return Task.FromResult<TeamRecord?>(null);
            team ??= new TeamRecord { Code = code, Name = name };
            (team.Code, team.Name, team.ProductLines, team.Regions, team.LeadCode) = (code, name, lines, regions, lead);
            return Task.FromResult<TeamRecord?>(team);
        },
        Sorts = [Lists.Sort<TeamRecord, string>("code", t => t.Code), Lists.Sort<TeamRecord, string>("name", t => t.Name)],
        Unique = [new("code", t => x => x.Code == t.Code && x.Id != t.Id, t => $"Team code {t.Code} is taken.")],
    };

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        app.MapTeamAssignment();
        app.MapRecords(Api);
        app.MapRecords(TechnicianEndpoints.Api);
        return app;
    }
}
