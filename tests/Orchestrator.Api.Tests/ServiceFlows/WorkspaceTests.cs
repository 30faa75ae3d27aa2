using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>What the agents' and technicians' screens ask of the host: the caller lookup, the warranty preview, the technician's day.</summary>
public abstract class WorkspaceTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    /// <summary>A tiny PNG, as the signature canvas sends it.</summary>
    public const string Png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private DateOnly Today => DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task The_caller_is_found_by_phone_name_or_serial_with_products_and_open_requests()
    {
        var t = await _desk.TerritoryAsync();
        var phone = "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var name = WorkflowApi.Unique("王女士");
        var customer = await _desk.Records.CreatedAsync("/api/customers", new { code = WorkflowApi.Unique("C"), name, phone, region = t.Region });
        var customerId = DomainApi.Id(customer);
        var serial = WorkflowApi.Unique("SN").ToUpperInvariant();
        var opened = await _desk.OpenAsync(new
        {
            type = "repair",
            customer = new { id = customerId },
            serialNumber = serial,
            model = t.ModelCode,
            saleDate = Today.AddDays(-100).ToString("yyyy-MM-dd"),
            symptom = "No cooling",
            priority = "high",
            channel = "phone",
        });

        foreach (var q in new[] { phone, $"+86 {phone[..3]} {phone[3..7]} {phone[7..]}", phone[..7], name, serial.ToLowerInvariant() })
        {
            var found = await _desk.Records.GetAsync($"/api/intake/lookup?q={Uri.EscapeDataString(q)}");
            var hit = found["customers"]!.AsArray().Single(c => c!["id"]!.GetValue<Guid>() == customerId)!;
            Assert.Equal(serial, hit["products"]![0]!["serialNumber"]!.GetValue<string>());
            Assert.Equal(t.ModelCode, hit["products"]![0]!["modelCode"]!.GetValue<string>());
            var open = hit["openRequests"]!.AsArray().Single()!;
            Assert.Equal((opened["number"]!.GetValue<string>(), "High", serial), (open["number"]!.GetValue<string>(),
                open["priority"]!.GetValue<string>(), open["serialNumber"]!.GetValue<string>()));
            Assert.Equal("request", hit["recent"]![0]!["kind"]!.GetValue<string>());
        }
        var byPhone = await _desk.Records.GetAsync($"/api/intake/lookup?q={phone}");
        Assert.Equal("phone", byPhone["customers"]![0]!["matchedBy"]!.GetValue<string>());

        var (bad, problem) = await _desk.Records.SendAsync(HttpMethod.Get, "/api/intake/lookup?q=x");
        Assert.Equal((HttpStatusCode.BadRequest, "q"), (bad, DomainApi.Fields(problem).Single()));
        var agent = await host.Factory.CreateClientAsync("Agent");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/intake/lookup?q={phone}")).StatusCode);
    }

    [Fact]
    public async Task The_warranty_is_shown_for_a_typed_serial_before_the_request_exists()
    {
        var t = await _desk.TerritoryAsync();
        var serial = WorkflowApi.Unique("SN");
        var model = await _desk.Records.GetAsync($"/api/product-models?productLine={t.ProductLine}");
        await _desk.Records.ProductAsync(t.CustomerId, DomainApi.Id(model["items"]![0]!.AsObject()), Today.AddDays(-5).ToString("yyyy-MM-dd"),
            serialNumber: serial);

        var sold5 = await _desk.Records.GetAsync($"/api/intake/warranty?serialNumber={serial}");
        Assert.Equal(("Return", true, 5, t.CustomerId), (sold5["remedy"]!.GetValue<string>(), sold5["registered"]!.GetValue<bool>(),
            sold5["daysSinceStart"]!.GetValue<int>(), sold5["customerId"]!.GetValue<Guid>()));

        // an unregistered serial: the decision for the model and sale date the caller gives
        var unknown = WorkflowApi.Unique("SN");
        var sold20 = await _desk.Records.GetAsync($"/api/intake/warranty?serialNumber={unknown}&model={t.ModelCode}&saleDate={Today.AddDays(-20):yyyy-MM-dd}");
        Assert.Equal(("Exchange", false), (sold20["remedy"]!.GetValue<string>(), sold20["registered"]!.GetValue<bool>()));
        var (missing, _) = await _desk.Records.SendAsync(HttpMethod.Get, $"/api/intake/warranty?serialNumber={unknown}");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        var (future, problem) = await _desk.Records.SendAsync(HttpMethod.Get,
            $"/api/intake/warranty?serialNumber={unknown}&model={t.ModelCode}&saleDate={Today.AddDays(3):yyyy-MM-dd}");
        Assert.Equal((HttpStatusCode.BadRequest, "saleDate"), (future, DomainApi.Fields(problem).Single()));
        var (badSerial, p2) = await _desk.Records.SendAsync(HttpMethod.Get, "/api/intake/warranty?serialNumber=%21%21");
        Assert.Equal((HttpStatusCode.BadRequest, "serialNumber"), (badSerial, DomainApi.Fields(p2).Single()));
    }

    [Fact]
    public async Task A_technician_sees_the_visit_due_by_the_SLA_and_reports_it_with_parts_from_the_van_and_a_signature()
    {
        var t = await _desk.TerritoryAsync();
        var pump = await _desk.PartAsync(t, 120m, inStock: 10);
        var filter = await _desk.PartAsync(t, 15.50m, inStock: 10);
        foreach (var part in new[] { pump, filter })
            await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/parts/movements",
                new { kind = "IssueToTechnician", partNumber = part, quantity = 3, warehouse = t.Warehouse, technician = t.TechnicianCode }));
        var tech = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("tech").ToLowerInvariant(), ["Technician"], technicianCode: t.TechnicianCode);
        var opened = await _desk.OpenForAsync(t, "installation");
        var requestId = opened["requestId"]!.GetValue<Guid>();
        var visit = await _desk.VisitAsync(requestId);
        var visitId = visit["id"]!.GetValue<Guid>();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(visit["appointmentStart"]!.GetValue<DateTimeOffset>(),
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        // the visit carries the request's SLA on-site due time, in the field-task API and on the technician's day
        var onSiteDue = (await _desk.RequestAsync(requestId))["sla"]!["onSiteDue"]!.GetValue<DateTimeOffset>();
        Assert.Equal(onSiteDue, visit["dueAt"]!.GetValue<DateTimeOffset>());

        var myDay = await WorkflowApi.Ensure(await tech.GetAsync($"/api/my-day?date={day:yyyy-MM-dd}"));
        var row = myDay["tasks"]!.AsArray().Single(x => x!["id"]!.GetValue<Guid>() == visitId)!;
        Assert.Equal((opened["number"]!.GetValue<string>(), "Scheduled"), (row["requestNumber"]!.GetValue<string>(), row["status"]!.GetValue<string>()));
        Assert.Equal(onSiteDue, row["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal([3, 3], myDay["van"]!.AsArray().Where(v => v!["partNumber"]!.GetValue<string>() is var n && (n == pump || n == filter))
            .Select(v => v!["onHand"]!.GetValue<int>()));
        var someoneElse = await host.Factory.CreateUserClientAsync(WorkflowApi.Unique("tech").ToLowerInvariant(), ["Technician"],
            technicianCode: (await _desk.TeamAsync(t.ProductLine, t.Region)).TechnicianCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await someoneElse.PostAsync($"/api/field-tasks/{visitId}/arrive", null)).StatusCode);

        await WorkflowApi.Ensure(await tech.PostAsync($"/api/field-tasks/{visitId}/start-travel", null));
        var arrived = await WorkflowApi.Ensure(await tech.PostAsync($"/api/field-tasks/{visitId}/arrive", null));
        Assert.Equal("OnSite", arrived["status"]!.GetValue<string>());
        Assert.NotNull((await _desk.RequestAsync(requestId))["status"]);

        var bad = await tech.PostAsJsonAsync($"/api/field-tasks/{visitId}/report", new { outcome = "Completed", workDone = "x", signedBy = "王先生", signature = "not-an-image" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("signature", DomainApi.Fields(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!.AsObject()));

        var report = await tech.PostAsJsonAsync($"/api/field-tasks/{visitId}/report", new
        {
            outcome = "Completed",
            workDone = "Installed and tested.",
            hours = 2,
            signedBy = "王先生",
            signature = Png,
            photos = new[] { Png },
            partsUsed = new[] { new { partNumber = pump, quantity = 1 }, new { partNumber = filter, quantity = 2 } },
        });
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        // the van gave the parts in the report's own commit, before the flow ran on
        var van = await WorkflowApi.Ensure(await tech.GetAsync($"/api/my-day?date={day:yyyy-MM-dd}"));
        Assert.Equal([2, 1], new[] { pump, filter }.Select(n => van["van"]!.AsArray().Single(v => v!["partNumber"]!.GetValue<string>() == n)!["onHand"]!.GetValue<int>()));
        var attachments = JsonNode.Parse(await tech.GetStringAsync($"/api/field-tasks/{visitId}/attachments"))!.AsArray();
        Assert.Equal(["Signature", "Photo"], attachments.Select(a => a!["kind"]!.GetValue<string>()));
        var image = await tech.GetAsync(attachments[0]!["url"]!.GetValue<string>());
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);

        // the flow adds the parts at list price to the request's costs once, and does not take them from the van again
        var costed = await _desk.WaitAsync(requestId, r => r["costs"]!["parts"]!.GetValue<decimal>() > 0);
        Assert.Equal(151.00m, costed["costs"]!["parts"]!.GetValue<decimal>());
        var after = await _desk.Records.GetAsync($"/api/parts/stock?partNumber={pump}");
        Assert.Equal(2, after["items"]!.AsArray().Single(s => s!["locationId"]?.GetValue<string>() == t.TechnicianCode)!["onHand"]!.GetValue<int>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkspaceOnSqlite(SqliteHost host) : WorkspaceTests(host);

[Collection(PostgresCollection.Name)]
public sealed class WorkspaceOnPostgres(PostgresHost host) : WorkspaceTests(host);
