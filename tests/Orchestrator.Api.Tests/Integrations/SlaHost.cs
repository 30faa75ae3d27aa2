using System.Net;
using Orchestrator.Api.Tests.Domain;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>
/// A host of its own for the SLA administration tests, since they publish the default policy and move the clock:
/// the default policy's version 2 is in effect from 2026 (a holiday on 2026-03-09, rules for High and Urgent, escalations
/// at 75 % and 100 % of the first response). The escalation pump's loop is off; tests fire due steps themselves.
/// </summary>
public abstract class SlaHost(string provider) : IntegrationHost(provider)
{
    public static readonly DateTimeOffset EffectiveFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected override IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["Sla:RunEscalations"] = "false",
        ["Sla:RoleEmails:Supervisor:0"] = "supervisor@orchestrator.test",
    };

    /// <summary>The document published as version 2 when the host starts.</summary>
    protected virtual object FirstPolicy => Policy();

    public static object Policy(int highMinutes = 60, string[]? pauseStatuses = null, object[]? moreEscalations = null) => new
    {
        calendar = new
        {
            name = "Standard",
            timeZone = "Asia/Shanghai",
            hours = new { weekdays = new[] { "09:00-12:00", "13:00-18:00" } },
            holidays = new[] { "2026-03-09" },
            regional = new[] { new { name = "Guangdong", regions = new[] { "Guangdong" }, holidays = new[] { "2026-03-10" } } },
        },
        pauseStatuses = pauseStatuses ?? ["WaitingForCustomer", "WaitingForParts"],
        rules = new object[]
        {
            new
            {
                id = "urgent",
                match = new { priorities = new[] { "Urgent" } },
                targets = new { firstResponse = new { minutes = 30, clock = "AroundTheClock" }, onSite = new { minutes = 240, clock = "AroundTheClock" } },
            },
            new
            {
                id = "high",
                match = new { priorities = new[] { "High" } },
                targets = new { firstResponse = new { minutes = highMinutes, clock = "AroundTheClock" }, onSite = new { minutes = 480, clock = "AroundTheClock" } },
            },
            new { id = "internal", match = new { customerTiers = new[] { "Internal" } }, noSla = true },
        },
        defaultTargets = new
        {
            firstResponse = new { minutes = 120 },
            onSite = new { minutes = 1440, clock = "AroundTheClock" },
            resolution = new { minutes = 1440, clock = "AroundTheClock", startsAt = "WorkStarted" },
        },
        escalations = new object[]
        {
            new { target = "FirstResponse", atPercent = 75, action = "email", emailTo = "team-lead" },
            new { target = "FirstResponse", atPercent = 75, action = "sla.warning" },
            new { target = "FirstResponse", atPercent = 100, action = "raise-priority" },
            new { target = "FirstResponse", atPercent = 100, action = "sla.breached" },
        }.Concat(moreEscalations ?? []).ToArray(),
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var api = new DomainApi(Client);
        var (saved, body) = await api.SendAsync(HttpMethod.Put, "/api/sla-policies/default/draft", new { document = FirstPolicy, comment = "tests" });
        Assert.True(saved == HttpStatusCode.OK, body.ToJsonString());
        var (published, answer) = await api.SendAsync(HttpMethod.Post, "/api/sla-policies/default/publish",
            new { effectiveFrom = EffectiveFrom, comment = "The SLA tests' promises" });
        Assert.True(published == HttpStatusCode.OK, answer.ToJsonString());
    }
}

public sealed class SqliteSlaHost() : SlaHost("Sqlite");

public sealed class PostgresSlaHost() : SlaHost("PostgreSql");

[CollectionDefinition(Name)]
public sealed class SqliteSlaCollection : ICollectionFixture<SqliteSlaHost>
{
    public const string Name = "sqlite sla";
}

[CollectionDefinition(Name)]
public sealed class PostgresSlaCollection : ICollectionFixture<PostgresSlaHost>
{
    public const string Name = "postgres sla";
}
