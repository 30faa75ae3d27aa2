using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>SLA compliance reporting: met / breached per target and the time taken, grouped, as JSON and as CSV / Excel files.</summary>
public abstract class SlaComplianceTests(SlaHost host)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly DomainApi _api = new(host.Client);

    /// <summary>A team of its own with three urgent requests (30 min to respond, 4 h on site, no resolution target): two in April, one in May.</summary>
    private async Task<string> TeamWithRequestsAsync()
    {
        var code = WorkflowApi.Unique("SLA");
        var team = DomainApi.Id(await _api.CreatedAsync("/api/teams", new { code, name = "华东组", productLines = new[] { "x" }, regions = new[] { "y" } }));
        var customer = DomainApi.Id(await _api.CustomerAsync());
        foreach (var (opened, responded, arrived) in new[]
        {
            (new DateTimeOffset(2026, 4, 6, 10, 0, 0, China), 20, 300),
            (new DateTimeOffset(2026, 4, 7, 10, 0, 0, China), 40, 100),
            (new DateTimeOffset(2026, 5, 4, 10, 0, 0, China), 10, 60),
        })
        {
            var request = await _api.CreatedAsync("/api/service-requests", new
            {
                type = "InWarrantyRepair",
                customerId = customer,
                symptom = "No cooling.",
                priority = "Urgent",
                teamId = team,
                openedAt = opened,
                firstRespondedAt = opened.AddMinutes(responded),
                arrivedAt = opened.AddMinutes(arrived),
            });
            Assert.Equal(opened.AddMinutes(30), request["firstResponseDue"]!.GetValue<DateTimeOffset>());
        }
        return code;
    }

    private static JsonObject Target(JsonNode group, string kind) =>
        group["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == kind)!.AsObject();

    private static (int, int, double?, double?, double?) Numbers(JsonObject t) =>
        (t["met"]!.GetValue<int>(), t["breached"]!.GetValue<int>(), t["metPercent"]?.GetValue<double>(), t["averageMinutes"]?.GetValue<double>(),
            t["p90Minutes"]?.GetValue<double>());

    [Fact]
    public async Task Compliance_per_month_counts_met_and_breached_targets_and_the_time_they_took()
    {
        var team = await TeamWithRequestsAsync();
        var report = await _api.GetAsync($"/api/sla-reports/compliance?from=2026-04-01&to=2026-06-01&timeZone=Asia/Shanghai&team={team}");

        Assert.Equal("month", report["groupBy"]!.GetValue<string>());
        var groups = report["groups"]!.AsArray();
        Assert.Equal(["2026-04", "2026-05"], groups.Select(g => g!["key"]!.GetValue<string>()));
        Assert.Equal([2, 1], groups.Select(g => g!["requests"]!.GetValue<int>()));
        Assert.Equal((1, 1, 50.0, 30.0, 40.0), Numbers(Target(groups[0]!, "FirstResponse")));
        Assert.Equal((1, 1, 50.0, 200.0, 300.0), Numbers(Target(groups[0]!, "OnSite")));
        Assert.Equal((0, 0, null, null, null), Numbers(Target(groups[0]!, "Resolution")));
        Assert.Equal((1, 0, 100.0, 10.0, 10.0), Numbers(Target(groups[1]!, "FirstResponse")));
        Assert.Equal((2, 1, 66.7, 23.3, 40.0), Numbers(Target(report["total"]!, "FirstResponse")));

        var byTeam = await _api.GetAsync($"/api/sla-reports/compliance?from=2026-04-01&to=2026-06-01&groupBy=team&team={team}");
        var only = Assert.Single(byTeam["groups"]!.AsArray())!;
        Assert.Equal((team, "华东组", 3), (only["key"]!.GetValue<string>(), only["label"]!.GetValue<string>(), only["requests"]!.GetValue<int>()));
        var byVersion = await _api.GetAsync($"/api/sla-reports/compliance?from=2026-04-01&to=2026-06-01&groupBy=version&team={team}");
        Assert.Equal("default v2", Assert.Single(byVersion["groups"]!.AsArray())!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_report_downloads_as_csv_with_chinese_headings_and_as_an_excel_file()
    {
        var team = await TeamWithRequestsAsync();
        var query = $"/api/sla-reports/compliance?from=2026-04-01&to=2026-06-01&timeZone=Asia/Shanghai&team={team}";

        using var csv = await host.Client.GetAsync(query + "&format=csv&lang=zh");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("分组,名称,工单数,目标,达标,超时,进行中,达标率 %,平均分钟,P90 分钟", lines[0]);
        Assert.Equal("2026-04,2026-04,2,首次响应,1,1,0,50,30,40", lines[1]);
        Assert.Equal("total,Total,3,首次响应,2,1,0,66.7,23.3,40", lines[^3]);
        Assert.Equal(1 + (3 * 3), lines.Length);

        using var xlsx = await host.Client.GetAsync(query + "&format=xlsx&groupBy=priority");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx", xlsx.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        var zip = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), zip[..2]);
    }

    [Fact]
    public async Task Bad_report_parameters_are_a_400_naming_each_field()
    {
        var (status, problem) = await _api.SendAsync(HttpMethod.Get,
            "/api/sla-reports/compliance?from=yesterday&groupBy=colour&timeZone=Mars/Olympus&format=pdf&team=no-such-team");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["format", "from", "groupBy", "team", "timeZone"], DomainApi.Fields(problem).Order(StringComparer.Ordinal));

        (status, problem) = await _api.SendAsync(HttpMethod.Get, "/api/sla-reports/compliance?from=2026-05-01&to=2026-04-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["to"], DomainApi.Fields(problem));

        var agent = await host.Factory.CreateClientAsync("Agent");
        using var refused = await agent.GetAsync("/api/sla-reports/compliance");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}

[Collection(SqliteSlaCollection.Name)]
public sealed class SlaComplianceOnSqlite(SqliteSlaHost host) : SlaComplianceTests(host);

[Collection(PostgresSlaCollection.Name)]
public sealed class SlaComplianceOnPostgres(PostgresSlaHost host) : SlaComplianceTests(host);
