using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Sla;
using StandardWebhooks;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>SLA administration: holidays from .ics files, regional calendars, pauses from the status history, the clock explained,
/// manual overrides, and escalations that fire once each from durable timers.</summary>
public abstract class SlaAdministrationTests(SlaHost host)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly DomainApi _api = new(host.Client);

    private async Task<Guid> CustomerAsync(string region = "Shanghai") => DomainApi.Id(await _api.CustomerAsync(region: region));

    private async Task<JsonObject> RequestAsync(Guid customer, DateTimeOffset openedAt, string priority = "Normal", Guid? teamId = null) =>
        await _api.CreatedAsync("/api/service-requests", new
        {
            type = "InWarrantyRepair",
            customerId = customer,
            symptom = "The compressor does not start.",
            priority,
            teamId,
            openedAt,
        });

    private async Task<JsonObject> UpdateAsync(JsonObject request, object changes)
    {
        var body = new JsonObject
        {
            ["type"] = request["type"]!.DeepClone(),
            ["customerId"] = request["customerId"]!.DeepClone(),
            ["symptom"] = request["symptom"]!.DeepClone(),
            ["priority"] = request["priority"]!.DeepClone(),
            ["status"] = request["status"]!.DeepClone(),
            ["teamId"] = request["teamId"]?.DeepClone(),
        };
        foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(changes))!.AsObject())
            body[key] = value?.DeepClone();
        var (status, updated) = await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{DomainApi.Id(request)}", body);
        Assert.True(status == HttpStatusCode.OK, updated.ToJsonString());
        return updated;
    }

    private async Task<JsonObject> SlaAsync(JsonObject request) => await _api.GetAsync($"/api/service-requests/{DomainApi.Id(request)}/sla");

    private static JsonObject Target(JsonObject sla, string kind) =>
        sla["targets"]!.AsArray().Select(t => t!.AsObject()).Single(t => t["target"]!.GetValue<string>() == kind);

    private static DateTimeOffset Time(JsonNode? node) => node!.GetValue<DateTimeOffset>();

    /// <summary>Moves the clock to the next whole second (the database keeps times to the microsecond or millisecond) and answers it.</summary>
    private DateTimeOffset WholeSecond()
    {
        var now = host.Factory.Clock.GetUtcNow();
        host.Factory.Clock.SetUtcNow(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1));
        return host.Factory.Clock.GetUtcNow();
    }

    private Task<int> FireDueAsync() => host.Factory.Services.GetRequiredService<SlaEscalationPump>().FireDueAsync(CancellationToken.None);

    [Fact]
    public async Task The_clock_explains_a_due_time_across_a_weekend_a_holiday_and_a_regional_holiday()
    {
        var fridayEvening = new DateTimeOffset(2026, 3, 6, 17, 30, 0, China);
        var request = await RequestAsync(await CustomerAsync(), fridayEvening, priority: "Low");
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 10, 30, 0, China), Time(request["firstResponseDue"]));

        var first = Target(await SlaAsync(request), "FirstResponse");
        Assert.Equal(("Breached", 120), (first["state"]!.GetValue<string>(), first["targetMinutes"]!.GetValue<int>()));
        var segments = first["explanation"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["Counted", "OutsideWorkingHours", "DayOff", "Holiday", "OutsideWorkingHours", "Counted"],
            segments.Select(s => s["kind"]!.GetValue<string>()));
        Assert.Equal([30.0, 0, 0, 0, 0, 90], segments.Select(s => s["countedMinutes"]!.GetValue<double>()));
        Assert.Equal(fridayEvening, Time(segments[0]["from"]));
        Assert.Equal(Time(first["due"]), Time(segments[^1]["to"]));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 0, 0, 0, China), Time(segments[3]["from"]));

        var inGuangdong = await RequestAsync(await CustomerAsync("Guangdong"), fridayEvening, priority: "Low");
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 10, 30, 0, China), Time(inGuangdong["firstResponseDue"]));
    }

    [Fact]
    public async Task Waiting_for_the_customer_stops_the_clock_and_a_new_priority_keeps_the_time_already_paused()
    {
        var opened = WholeSecond();
        var request = await RequestAsync(await CustomerAsync(), opened);
        Assert.Equal(opened.AddHours(24), Time(request["onSiteDue"]));

        await host.AdvanceAsync(TimeSpan.FromHours(1));
        request = await UpdateAsync(request, new { status = "WaitingForCustomer" });
        Assert.Null(request["onSiteDue"]);
        var paused = Target(await SlaAsync(request), "OnSite");
        Assert.Equal("Paused", paused["state"]!.GetValue<string>());
        Assert.Equal(60, paused["elapsedMinutes"]!.GetValue<double>(), 3);

        await host.AdvanceAsync(TimeSpan.FromHours(2));
        request = await UpdateAsync(request, new { status = "Dispatched" });
        Assert.Equal(opened.AddHours(26), Time(request["onSiteDue"]));

        request = await UpdateAsync(request, new { priority = "High" });
        Assert.Equal(("high", opened.AddHours(10)), (request["slaRuleId"]!.GetValue<string>(), Time(request["onSiteDue"])));
        var sla = await SlaAsync(request);
        var onSite = Target(sla, "OnSite");
        var segments = onSite["explanation"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["Counted", "Paused", "Counted"], segments.Select(s => s["kind"]!.GetValue<string>()));
        Assert.Equal("WaitingForCustomer", segments[1]["reason"]!.GetValue<string>());
        Assert.Equal([60.0, 0, 420], segments.Select(s => Math.Round(s["countedMinutes"]!.GetValue<double>(), 3)));
        Assert.Equal(["Pending", "WaitingForCustomer", "Dispatched"], sla["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal([false, true, false], sla["statusHistory"]!.AsArray().Select(h => h!["pauses"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_supervisor_overrides_a_due_time_with_a_reason_kept_in_the_explanation_and_the_audit_trail()
    {
        var opened = WholeSecond();
        var request = await RequestAsync(await CustomerAsync(), opened, priority: "Urgent");
        Assert.Equal(opened.AddMinutes(30), Time(request["firstResponseDue"]));
        var path = $"/api/service-requests/{request["number"]}/sla/override";

        var (bad, problem) = await _api.SendAsync(HttpMethod.Post, path, new { target = "Lunch", due = opened.AddHours(2) });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["reason", "target"], DomainApi.Fields(problem).Order(StringComparer.Ordinal));

        var (ok, sla) = await _api.SendAsync(HttpMethod.Post, path,
            new { target = "FirstResponse", due = opened.AddHours(2), reason = "The customer can only talk after lunch" });
        Assert.True(ok == HttpStatusCode.OK, sla.ToJsonString());
        var first = Target(sla, "FirstResponse");
        Assert.Equal((opened.AddHours(2), opened.AddMinutes(30)), (Time(first["due"]), Time(first["computedDue"])));
        var last = first["explanation"]!.AsArray()[^1]!;
        Assert.Equal("Override", last["kind"]!.GetValue<string>());
        Assert.Contains("after lunch", last["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var warning = sla["escalations"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == "sla.warning")!;
        Assert.Equal(opened.AddMinutes(22.5 + 90), Time(warning["dueAt"]));

        Assert.Equal(opened.AddHours(2), Time((await _api.GetAsync($"/api/service-requests/{DomainApi.Id(request)}"))["firstResponseDue"]));
        var trail = (await _api.GetAsync($"/api/audit?entity=service-requests&id={DomainApi.Id(request)}")).ToJsonString();
        Assert.Contains("firstResponseDue", trail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Holidays_imported_from_an_ics_file_join_the_draft_and_a_bad_file_is_refused_naming_its_line()
    {
        var id = WorkflowApi.Unique("ics").ToLowerInvariant();
        await _api.CreatedAsync("/api/sla-policies", new { policyId = id, name = "Imported holidays", document = SlaHost.Policy() });
        const string nationalDay = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:National Day\r\nDTSTART;VALUE=DATE:20201001\r\n"
                                   + "DTEND;VALUE=DATE:20201008\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var imported = await PostIcsAsync($"/api/sla-policies/{id}/draft/holidays/import?from=2026-01-01&to=2027-12-31", nationalDay);
        Assert.Equal(HttpStatusCode.OK, imported.Status);
        Assert.Equal(14, imported.Body["added"]!.GetValue<int>());
        var draft = await _api.GetAsync($"/api/sla-policies/{id}");
        var holidays = draft["document"]!["calendar"]!["holidays"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        Assert.Equal(15, holidays.Count);
        Assert.Contains("2027-10-07", holidays);

        const string oneDay = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260605\nEND:VEVENT\nEND:VCALENDAR\n";
        var regional = await PostIcsAsync($"/api/sla-policies/{id}/draft/holidays/import?regional=guangdong", oneDay);
        Assert.Equal(HttpStatusCode.OK, regional.Status);
        var guangdong = (await _api.GetAsync($"/api/sla-policies/{id}"))["document"]!["calendar"]!["regional"]![0]!["holidays"]!.AsArray();
        Assert.Equal(["2026-03-10", "2026-06-05"], guangdong.Select(d => d!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostIcsAsync($"/api/sla-policies/{id}/draft/holidays/import?regional=Mars", oneDay)).Status);

        var broken = await PostIcsAsync($"/api/sla-policies/{id}/draft/holidays/import",
            "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:Labour Day\nDTSTART;VALUE=DATE:2026-05-01\nEND:VEVENT\nEND:VCALENDAR\n");
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Equal(5, broken.Body["line"]!.GetValue<int>());
        Assert.StartsWith("Line 5: DTSTART '2026-05-01'", broken.Body["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var read = await PostIcsAsync("/api/sla-policies/holidays/read-ics?from=2026-01-01&to=2026-12-31", nationalDay);
        Assert.Equal(7, read.Body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Try_it_shows_the_drafts_rule_due_times_and_clock_and_the_diff_names_what_changed()
    {
        var id = WorkflowApi.Unique("try").ToLowerInvariant();
        await _api.CreatedAsync("/api/sla-policies", new { policyId = id, name = "Try it", document = SlaHost.Policy() });
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/publish", new { effectiveFrom = SlaHost.EffectiveFrom })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/api/sla-policies/{id}/draft", new { document = SlaHost.Policy(highMinutes: 30) })).Status);
        var fridayEvening = new DateTimeOffset(2026, 3, 6, 17, 30, 0, China);

        var (ok, tried) = await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/try",
            new { requestType = "InWarrantyRepair", priority = "Low", region = "Guangdong", openedAt = fridayEvening });
        Assert.True(ok == HttpStatusCode.OK, tried.ToJsonString());
        Assert.Equal(("Draft", 2, "default", "Guangdong"), (tried["status"]!.GetValue<string>(), tried["version"]!.GetValue<int>(),
            tried["ruleId"]!.GetValue<string>(), tried["calendar"]!.GetValue<string>()));
        var first = Target(tried, "FirstResponse");
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 10, 30, 0, China), Time(first["due"]));
        Assert.Equal(120, first["explanation"]!.AsArray().Sum(s => s!["countedMinutes"]!.GetValue<double>()));
        var holiday = first["explanation"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "Holiday")!; // national Monday, regional Tuesday
        Assert.Equal((new DateTimeOffset(2026, 3, 9, 0, 0, 0, China), new DateTimeOffset(2026, 3, 11, 0, 0, 0, China)), (Time(holiday["from"]), Time(holiday["to"])));

        var high = (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/try", new { requestType = "Installation", priority = "High", openedAt = fridayEvening })).Body;
        Assert.Equal(("high", fridayEvening.AddMinutes(30)), (high["ruleId"]!.GetValue<string>(), Time(Target(high, "FirstResponse")["due"])));
        var published = (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/try", new { version = 1, requestType = "Installation", priority = "High", openedAt = fridayEvening })).Body;
        Assert.Equal(fridayEvening.AddMinutes(60), Time(Target(published, "FirstResponse")["due"]));
        var internalCustomer = (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/try", new { requestType = "Installation", priority = "Low", customerTier = "Internal" })).Body;
        Assert.True(internalCustomer["noSla"]!.GetValue<bool>());
        Assert.All(internalCustomer["targets"]!.AsArray(), t => Assert.Equal("NoSla", t!["state"]!.GetValue<string>()));
        var (bad, problem) = await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{id}/try", new { priority = "Low" });
        Assert.Equal((HttpStatusCode.BadRequest, "requestType"), (bad, DomainApi.Fields(problem).Single()));

        var diff = await _api.GetAsync($"/api/sla-policies/{id}/diff?from=1&to=2");
        var change = Assert.Single(diff["changes"]!.AsArray());
        Assert.Equal(("rules", "high", "Changed"), (change!["section"]!.GetValue<string>(), change["key"]!.GetValue<string>(), change["change"]!.GetValue<string>()));
        Assert.Equal(60, change["before"]!["targets"]!["firstResponse"]!["minutes"]!.GetValue<int>());
        Assert.Equal(30, change["after"]!["targets"]!["firstResponse"]!["minutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_impact_preview_finds_open_requests_that_move_and_closed_ones_that_would_have_breached()
    {
        var team = await _api.CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("I"), name = "Impact team", productLines = new[] { "air-conditioner" }, regions = new[] { "Shanghai" } });
        var code = team["code"]!.GetValue<string>();
        var customer = await CustomerAsync();
        var opened = WholeSecond();
        var open = await RequestAsync(customer, opened, priority: "High", teamId: DomainApi.Id(team));
        await _api.CreatedAsync("/api/service-requests", new
        {
            type = "InWarrantyRepair",
            customerId = customer,
            symptom = "Noisy fan",
            priority = "High",
            status = "Closed",
            teamId = DomainApi.Id(team),
            openedAt = opened.AddHours(-2),
            firstRespondedAt = opened.AddHours(-2).AddMinutes(45),
            resolvedAt = opened.AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, "/api/sla-policies/default/draft", new { document = SlaHost.Policy(highMinutes: 30) })).Status);

        var started = await host.Client.PostAsJsonAsync("/api/sla-policies/default/impact", new { closedFrom = opened.AddDays(-1), closedTo = opened.AddMinutes(1) });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = WorkflowApi.Json(await started.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (job["status"]!.GetValue<string>() is "Queued" or "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, job.ToJsonString());
            await Task.Delay(100);
            job = await _api.GetAsync($"/api/sla-jobs/{job["id"]}");
        }
        Assert.True(job["status"]!.GetValue<string>() == "Succeeded", job.ToJsonString());
        Assert.Equal((100.0, job["total"]!.GetValue<long>()), (job["percent"]!.GetValue<double>(), job["done"]!.GetValue<long>()));
        var result = job["result"]!;
        var moved = result["open"]!["examples"]!.AsArray().Single(x => x!["number"]!.GetValue<string>() == open["number"]!.GetValue<string>())!;
        Assert.Equal(("FirstResponse", opened.AddMinutes(60), opened.AddMinutes(30)),
            (moved["target"]!.GetValue<string>(), Time(moved["currentDue"]), Time(moved["draftDue"])));
        Assert.True(result["open"]!["changed"]!.GetValue<int>() >= 1);
        var byTeam = result["closed"]!["groups"]!.AsArray().Single(g => g!["dimension"]!.GetValue<string>() == "team" && g["key"]!.GetValue<string>() == code)!;
        Assert.Equal((1, 1, 0, 0, 1), (byTeam["requests"]!.GetValue<int>(), byTeam["metBefore"]!.GetValue<int>(), byTeam["breachedBefore"]!.GetValue<int>(),
            byTeam["metUnderDraft"]!.GetValue<int>(), byTeam["breachedUnderDraft"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync($"/api/sla-policies/{WorkflowApi.Unique("none")}/impact", new { })).StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostIcsAsync(string path, string ics)
    {
        using var content = new StringContent(ics, Encoding.UTF8, "text/calendar");
        var response = await host.Client.PostAsync(path, content);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    [Fact]
    public async Task At_75_percent_one_email_and_one_signed_warning_at_100_percent_a_higher_priority_and_nothing_twice_after_a_restart()
    {
        var path = $"/sla/{Guid.NewGuid():N}";
        var subscribed = await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/webhooks/subscriptions",
            new { url = host.Receiver.BaseUrl + path, events = new[] { "sla.warning", "sla.breached" }, description = "NOC" }));
        var secret = subscribed["secret"]!.GetValue<string>();
        var team = await _api.CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "Pudong field team", productLines = new[] { "air-conditioner" }, regions = new[] { "Shanghai" } });
        var lead = await _api.CreatedAsync("/api/technicians",
            new { code = WorkflowApi.Unique("L"), name = "Wang Lei", teamId = DomainApi.Id(team), email = "wang.lei@orchestrator.test" });
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/api/teams/{DomainApi.Id(team)}",
            new { code = team["code"], name = team["name"], productLines = new[] { "air-conditioner" }, regions = new[] { "Shanghai" }, leadCode = lead["code"] })).Status);
        await FireDueAsync(); // what earlier tests left due

        var opened = WholeSecond();
        var request = await RequestAsync(await CustomerAsync(), opened, priority: "High", teamId: DomainApi.Id(team));
        var number = request["number"]!.GetValue<string>();
        Assert.Equal(opened.AddMinutes(60), Time(request["firstResponseDue"]));

        await host.AdvanceAsync(TimeSpan.FromMinutes(44));
        await FireDueAsync();
        Assert.All((await SlaAsync(request))["escalations"]!.AsArray(), e => Assert.Equal("Pending", e!["status"]!.GetValue<string>()));

        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await FireDueAsync();
        var mail = Assert.Single(await EmailsAsync(number, 1));
        Assert.Equal("wang.lei@orchestrator.test", mail.To.Mailboxes.Single().Address);
        Assert.Contains("75%", mail.TextBody, StringComparison.Ordinal);
        var warning = Assert.Single(await WebhooksAsync(path, secret, request, "sla.warning", 1));
        Assert.Equal(("FirstResponse", "High"), (warning["data"]!["target"]!.GetValue<string>(), warning["data"]!["priority"]!.GetValue<string>()));

        await host.AdvanceAsync(TimeSpan.FromMinutes(15));
        await FireDueAsync();
        var raised = await _api.GetAsync($"/api/service-requests/{DomainApi.Id(request)}");
        Assert.Equal(("Urgent", "urgent"), (raised["priority"]!.GetValue<string>(), raised["slaRuleId"]!.GetValue<string>()));
        Assert.Single(await WebhooksAsync(path, secret, request, "sla.breached", 1));
        var fired = (await SlaAsync(request))["escalations"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.All(fired, e => Assert.Equal("Fired", e["status"]!.GetValue<string>()));
        Assert.Contains("High → Urgent", fired.Single(e => e["action"]!.GetValue<string>() == "raise-priority")["outcome"]!.GetValue<string>(),
            StringComparison.Ordinal);

        await host.RestartAsync();
        await host.AdvanceAsync(TimeSpan.FromHours(2));
        await host.Factory.Services.GetRequiredService<SlaEscalationPump>().FireDueAsync(CancellationToken.None);
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(500);
        Assert.Single(await EmailsAsync(number, 1));
        Assert.Single(await WebhooksAsync(path, secret, request, "sla.warning", 1));
        Assert.Single(await WebhooksAsync(path, secret, request, "sla.breached", 1));
        var after = (await new DomainApi(host.Client).GetAsync($"/api/service-requests/{DomainApi.Id(request)}/sla"))["escalations"]!.AsArray();
        Assert.Equal(fired.Select(e => e["firedAt"]!.ToJsonString()), after.Select(e => e!["firedAt"]!.ToJsonString()));
    }

    private async Task<List<MimeMessage>> EmailsAsync(string number, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = host.Smtp.ReceivedEmail
                .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
                .Where(m => m.Subject?.Contains(number, StringComparison.Ordinal) == true).ToList();
            if (found.Count >= atLeast)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} emails about {number} arrived, not {atLeast}.");
            await host.AdvanceAsync(TimeSpan.Zero);
            await Task.Delay(50);
        }
    }

    /// <summary>The verified webhooks of one type about one request; the signature is checked as a receiver would (its own HMAC).</summary>
    private async Task<List<JsonObject>> WebhooksAsync(string path, string secret, JsonObject request, string type, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = new List<JsonObject>();
            foreach (var received in host.Receiver.ReceivedAt(path))
            {
                var body = WorkflowApi.Json(received.Body);
                if (body["type"]!.GetValue<string>() != type || body["data"]!["requestId"]!.GetValue<string>() != DomainApi.Id(request).ToString())
                    continue;
                var timestamp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(received.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture));
                var expected = new StandardWebhook(secret).Sign(received.Headers["webhook-id"], timestamp, received.Body);
                Assert.Contains(expected, received.Headers["webhook-signature"].Split(' '));
                found.Add(body);
            }

            if (found.Count >= atLeast)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} {type} webhooks arrived, not {atLeast}.");
            await host.AdvanceAsync(TimeSpan.Zero);
            await Task.Delay(50);
        }
    }
}

[Collection(SqliteSlaCollection.Name)]
public sealed class SlaAdministrationOnSqlite(SqliteSlaHost host) : SlaAdministrationTests(host);

[Collection(PostgresSlaCollection.Name)]
public sealed class SlaAdministrationOnPostgres(PostgresSlaHost host) : SlaAdministrationTests(host);
