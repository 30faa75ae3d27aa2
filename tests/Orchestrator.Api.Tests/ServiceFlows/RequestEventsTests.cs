using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Api.Tests.Integrations;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>request.created and request.closed reach a subscriber from the commits that opened and closed the request.</summary>
public abstract class RequestEventsTests(IntegrationHost host)
{
    [Fact]
    public async Task A_subscriber_hears_that_a_request_was_created_and_closed()
    {
        var path = $"/subscriber/{Guid.NewGuid():N}";
        await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/webhooks/subscriptions",
            new { url = host.Receiver.BaseUrl + path, events = new[] { "request.created", "request.closed" } }));
        var records = new DomainApi(host.Client);
        var customer = DomainApi.Id(await records.CustomerAsync());
        var model = DomainApi.Id(await records.ModelAsync(WorkflowApi.Unique("line")));
        var today = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);
        var product = await records.ProductAsync(customer, model, today.AddDays(-90).ToString("yyyy-MM-dd"), exclusions: ["AccidentOrForceMajeure"]);
        var opened = await WorkflowApi.Ensure(await host.Client.PostAsJsonAsync("/api/requests", new
        {
            type = "inWarrantyRepair",
            externalId = WorkflowApi.Unique("CRM"),
            customer = new { id = customer },
            serialNumber = product["serialNumber"]!.GetValue<string>(),
            symptom = "Flooded in the storm.",
        }));
        var requestId = opened["requestId"]!.GetValue<Guid>();

        var created = WorkflowApi.Json((await host.Receiver.WaitForAsync(path, 1))[0].Body);
        Assert.Equal(("request.created", requestId), (created["type"]!.GetValue<string>(), created["data"]!["requestId"]!.GetValue<Guid>()));
        Assert.Equal(opened["number"]!.GetValue<string>(), created["data"]!["number"]!.GetValue<string>());

        var task = await host.Api.WaitForTaskAsync(opened["instanceId"]!.GetValue<Guid>(), "notCovered");
        await WorkflowApi.Ensure(await host.Api.CompleteAsync(task["id"]!.GetValue<Guid>(), "Informed"));
        var closed = WorkflowApi.Json((await host.Receiver.WaitForAsync(path, 2))[1].Body);
        Assert.Equal(("request.closed", "Closed"), (closed["type"]!.GetValue<string>(), closed["data"]!["status"]!.GetValue<string>()));
        Assert.StartsWith("Not covered by the warranty", closed["data"]!["resolution"]!.GetValue<string>());
    }
}

[Collection(SqliteIntegrationCollection.Name)]
public sealed class RequestEventsOnSqlite(SqliteIntegrationHost host) : RequestEventsTests(host);

[Collection(PostgresIntegrationCollection.Name)]
public sealed class RequestEventsOnPostgres(PostgresIntegrationHost host) : RequestEventsTests(host);
