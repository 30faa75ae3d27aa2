using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>POST /api/requests and the signed service-request webhook: validation, registration, idempotency.</summary>
public abstract class IntakeTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    [Fact]
    public async Task Bad_intakes_are_refused_naming_the_field_and_create_nothing()
    {
        var t = await _desk.TerritoryAsync();
        async Task<string[]> FieldsOf(object body)
        {
            var (status, problem) = await _desk.Records.SendAsync(HttpMethod.Post, "/api/requests", body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status}: {problem.ToJsonString()}");
            return DomainApi.Fields(problem);
        }

        Assert.Equal(["customer", "type"], (await FieldsOf(new { symptom = "x" })).Where(f => f != "serialNumber").Order());
        Assert.Contains("type", await FieldsOf(new { type = "teleport", customer = new { id = t.CustomerId }, serialNumber = "SN-1234", symptom = "x" }));
        Assert.Equal(["customer.id"], await FieldsOf(new { type = "repair", customer = new { id = Guid.NewGuid() }, serialNumber = "SN-1234", model = t.ModelCode, symptom = "x" }));
        Assert.Equal(["customer.name"], await FieldsOf(new { type = "installation", customer = new { phone = "1" }, serialNumber = WorkflowApi.Unique("SN"), model = t.ModelCode }));
        Assert.Equal(["model"], await FieldsOf(new { type = "repair", customer = new { id = t.CustomerId }, serialNumber = WorkflowApi.Unique("SN"), symptom = "x" }));
        Assert.Equal(["model"], await FieldsOf(new { type = "repair", customer = new { id = t.CustomerId }, serialNumber = WorkflowApi.Unique("SN"), model = "NO-SUCH", symptom = "x" }));
        Assert.Equal(["serialNumber"], await FieldsOf(new { type = "repair", customer = new { id = t.CustomerId }, serialNumber = "!", symptom = "x" }));
        Assert.Equal(["symptom"], await FieldsOf(new { type = "repair", customer = new { id = t.CustomerId }, serialNumber = WorkflowApi.Unique("SN"), model = t.ModelCode }));
        Assert.Equal(["priority"], await FieldsOf(new { type = "installation", customer = new { id = t.CustomerId }, serialNumber = WorkflowApi.Unique("SN"), model = t.ModelCode, priority = "asap" }));
        var (malformed, _) = await _desk.Records.SendAsync(HttpMethod.Post, "/api/requests", "not an object");
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        var (missing, _) = await _desk.Records.SendAsync(HttpMethod.Get, "/api/requests/SR-1999-000001");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task A_new_customer_and_product_are_registered_and_a_repeated_external_id_opens_one_request()
    {
        var t = await _desk.TerritoryAsync();
        var externalId = WorkflowApi.Unique("CRM");
        var customerId = WorkflowApi.Unique("C-EXT");
        var serial = WorkflowApi.Unique("sn");
        object Body() => new
        {
            type = "repair",
            externalId,
            customer = new { externalId = customerId, name = "Anna Schmidt", phone = "+49 30 1234567", email = "anna@example.com", region = t.Region, address = "Unter den Linden 1" },
            serialNumber = serial,
            model = t.ModelCode,
            symptom = "Drum does not turn; error E21",
            priority = "urgent",
            channel = "web",
        };
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Client.PostAsJsonAsync("/api/requests", Body())));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var bodies = await Task.WhenAll(answers.Select(WorkflowApi.Ensure));
        var requestId = bodies[0]["requestId"]!.GetValue<Guid>();
        Assert.All(bodies, b => Assert.Equal(requestId, b["requestId"]!.GetValue<Guid>()));
        Assert.Equal($"/api/requests/{requestId}", answers[0].Headers.Location!.ToString());

        var request = await _desk.RequestAsync(requestId);
        Assert.Equal((externalId, "Urgent", "Web", "InWarrantyRepair"), (request["externalId"]!.GetValue<string>(),
            request["priority"]!.GetValue<string>(), request["channel"]!.GetValue<string>(), request["type"]!.GetValue<string>()));
        Assert.Equal(("Anna Schmidt", serial), (request["customerName"]!.GetValue<string>(), request["serialNumber"]!.GetValue<string>().ToLowerInvariant()));
        var product = await _desk.Records.GetAsync($"/api/installed-products/{serial}");
        Assert.Equal(request["customerId"]!.GetValue<Guid>(), product["customerId"]!.GetValue<Guid>());
        Assert.Equal(1, (await _desk.Records.GetAsync($"/api/service-requests?installedProductId={DomainApi.Id(product)}"))["total"]!.GetValue<int>());

        // the same customer again, by their external id, with another product: found, not created again
        var second = await _desk.OpenAsync(new
        {
            type = "installation",
            customer = new { externalId = customerId },
            serialNumber = WorkflowApi.Unique("SN"),
            model = t.ModelCode,
        });
        Assert.Equal(request["customerId"]!.GetValue<Guid>(), (await _desk.RequestAsync(second["requestId"]!))["customerId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_signed_service_request_webhook_opens_the_request_through_the_same_intake()
    {
        var t = await _desk.TerritoryAsync();
        var (name, secret) = await _desk.EndpointAsync("sr", new { kind = "ServiceRequest" });
        var body = JsonSerializer.Serialize(new
        {
            type = "installation",
            externalId = WorkflowApi.Unique("CRM"),
            customer = new { id = t.CustomerId },
            serialNumber = WorkflowApi.Unique("SN"),
            model = t.ModelCode,
            priority = "normal",
        });
        var id = $"msg_{Guid.NewGuid():N}";
        var first = await _desk.HookAsync(name, secret, body, id);
        var answer = await WorkflowApi.Ensure(first);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var requestId = answer["requestId"]!.GetValue<Guid>();
        Assert.Equal(($"/api/requests/{requestId}", "Pending", "installation"), (answer["statusUrl"]!.GetValue<string>(),
            answer["status"]!.GetValue<string>(), answer["definitionId"]!.GetValue<string>()));
        var request = await _desk.RequestAsync(requestId);
        Assert.Equal((answer["number"]!.GetValue<string>(), "Webhook"), (request["number"]!.GetValue<string>(), request["channel"]!.GetValue<string>()));
        await _desk.VisitAsync(requestId);

        var repeat = await WorkflowApi.Ensure(await _desk.HookAsync(name, secret, body, id));
        Assert.Equal(requestId, repeat["requestId"]!.GetValue<Guid>());
        var bad = await _desk.HookAsync(name, secret, JsonSerializer.Serialize(new { type = "repair", customer = new { id = t.CustomerId } }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("serialNumber", DomainApi.Fields(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!.AsObject()));
    }

}

[Collection(SqliteCollection.Name)]
public sealed class IntakeOnSqlite(SqliteHost host) : IntakeTests(host);

[Collection(PostgresCollection.Name)]
public sealed class IntakeOnPostgres(PostgresHost host) : IntakeTests(host);
