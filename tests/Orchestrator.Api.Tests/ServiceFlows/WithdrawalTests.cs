using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>A customer withdraws a request: nothing of its flow is left waiting — no task, visit, timer or event wait.</summary>
public abstract class WithdrawalTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    private async Task AssertNothingLeftAsync(Guid instanceId)
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        Assert.Equal(0, await db.Set<BookmarkRecord>().CountAsync(b => b.InstanceId == instanceId));
        Assert.Equal(0, await db.Set<HumanTaskRecord>().CountAsync(t => t.InstanceId == instanceId && t.Status == HumanTaskStatus.Open));
    }

    private Task<HttpResponseMessage> WithdrawAsync(string key, string? reason = null) =>
        _desk.Http.PostAsJsonAsync($"/api/requests/{Uri.EscapeDataString(key)}/withdraw", new { reason });

    [Fact]
    public async Task A_withdrawn_return_closes_its_rma_and_leaves_no_timer_or_wait_behind()
    {
        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenAsync(new
        {
            type = "return",
            customer = new { id = t.CustomerId },
            serialNumber = WorkflowApi.Unique("SN"),
            model = t.ModelCode,
            saleDate = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-3).ToString("yyyy-MM-dd"),
            symptom = "Makes a grinding noise.",
        });
        var (id, instanceId, number) = (opened["requestId"]!.GetValue<Guid>(), opened["instanceId"]!.GetValue<Guid>(), opened["number"]!.GetValue<string>());
        await _desk.WaitForStatusAsync(id, "WaitingForCustomer"); // the RMA is authorised; the flow waits for the goods or 14 days

        var response = await WithdrawAsync(number, "Changed my mind.");
        var answer = await WorkflowApi.Ensure(response);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("Cancelled", instanceId), (answer["status"]!.GetValue<string>(), answer["instanceId"]!.GetValue<Guid>()));
        await _desk.Flows.WaitForAsync(instanceId, "Cancelled");
        await AssertNothingLeftAsync(instanceId);
        var request = await _desk.RequestAsync(id);
        Assert.Equal(("Cancelled", "Withdrawn by the customer: Changed my mind."),
            (request["status"]!.GetValue<string>(), request["resolution"]!.GetValue<string>()));
        Assert.Empty(request["openTasks"]!.AsArray());
        var rma = (await _desk.Records.GetAsync($"/api/rmas?serviceRequestId={id}"))["items"]!.AsArray().Single()!;
        Assert.Equal("Closed", rma["status"]!.GetValue<string>());

        // the 14 days pass and the parcel arrives anyway: nothing wakes up
        await _desk.Flows.AdvanceAsync(TimeSpan.FromDays(15));
        await WorkflowApi.Ensure(await _desk.Flows.RaiseAsync("rma.received", rma["number"]!.GetValue<string>(), new { carrier = "SF" }));
        Assert.Equal("Cancelled", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());
        Assert.Equal("Cancelled", await _desk.Flows.StatusAsync(instanceId));
        await AssertNothingLeftAsync(instanceId);

        var again = await WithdrawAsync(id.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already Cancelled", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_installation_withdrawn_by_a_signed_webhook_cancels_the_scheduled_visit()
    {
        var (endpoint, secret) = await _desk.EndpointAsync("withdrawals", new { kind = "WithdrawRequest" });
        var t = await _desk.TerritoryAsync();
        var externalId = WorkflowApi.Unique("CRM");
        var opened = await _desk.OpenAsync(new
        {
            type = "installation",
            externalId,
            customer = new { id = t.CustomerId },
            serialNumber = WorkflowApi.Unique("SN"),
            model = t.ModelCode,
            symptom = "New unit to install.",
            priority = "normal",
            channel = "web",
        });
        var id = opened["requestId"]!.GetValue<Guid>();
        var visit = await _desk.VisitAsync(id);

        var answer = await WorkflowApi.Ensure(await _desk.HookAsync(endpoint, secret, JsonSerializer.Serialize(new { externalId })));
        Assert.Equal(("Cancelled", id), (answer["status"]!.GetValue<string>(), answer["requestId"]!.GetValue<Guid>()));

        await _desk.Flows.WaitForAsync(opened["instanceId"]!.GetValue<Guid>(), "Cancelled");
        Assert.Equal("Cancelled", (await _desk.Records.GetAsync($"/api/field-tasks/{visit["id"]}"))["status"]!.GetValue<string>());
        Assert.Equal("Withdrawn by the customer.", (await _desk.RequestAsync(id))["resolution"]!.GetValue<string>());
        await AssertNothingLeftAsync(opened["instanceId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Unknown_requests_and_overlong_reasons_are_refused_and_change_nothing()
    {
        var unknown = await WithdrawAsync("SR-1999-000001");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var t = await _desk.TerritoryAsync();
        var opened = await _desk.OpenForAsync(t);
        var id = opened["requestId"]!.GetValue<Guid>();
        var tooLong = await WithdrawAsync(id.ToString(), new string('x', 2001));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("reason", (await tooLong.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.NotEqual("Cancelled", (await _desk.RequestAsync(id))["status"]!.GetValue<string>());

        var agent = await host.Factory.CreateClientAsync("Agent");
        Assert.Equal(HttpStatusCode.Accepted, (await agent.PostAsJsonAsync($"/api/requests/{id}/withdraw", new { reason = "Moved away." })).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WithdrawalOnSqlite(SqliteHost host) : WithdrawalTests(host);

[Collection(PostgresCollection.Name)]
public sealed class WithdrawalOnPostgres(PostgresHost host) : WithdrawalTests(host);
