using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>A shipped flow republished while requests run on it: running requests finish on their version, new ones start on the new one.</summary>
public abstract class FlowVersionTests(HostFixture host)
{
    private readonly ServiceDesk _desk = new(host);

    [Fact]
    public async Task A_request_started_on_v1_of_the_in_warranty_flow_finishes_on_v1_after_v2_is_published_and_new_requests_run_v2()
    {
        var t = await _desk.TerritoryAsync();
        var model = await _desk.Records.GetAsync($"/api/product-models/{t.ModelCode}");
        async Task<JsonObject> OpenNotCoveredAsync()
        {
            var saleDate = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-60).ToString("yyyy-MM-dd");
            var product = await _desk.Records.ProductAsync(t.CustomerId, DomainApi.Id(model), saleDate, exclusions: ["Misuse"]);
            return await _desk.OpenAsync(new
            {
                type = "inWarrantyRepair",
                customer = new { id = t.CustomerId },
                serialNumber = product["serialNumber"]!.GetValue<string>(),
                symptom = "Does not cool.",
            });
        }

        var first = await OpenNotCoveredAsync();
        var (firstInstance, v1) = (first["instanceId"]!.GetValue<Guid>(), first["definitionVersion"]!.GetValue<int>());
        var firstTask = await _desk.TaskAsync(firstInstance, "notCovered");

        // an analyst publishes the next version: the task tells the agent more
        var definition = (await _desk.Records.GetAsync($"/api/definitions/in-warranty-repair/versions/{v1}"))["definition"]!.AsObject();
        var notCovered = definition["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "notCovered")!;
        notCovered["inputs"]!["title"] = new JsonObject { ["template"] = "v2: {{ input.number }} is not covered: call the customer today" };
        var v2 = await _desk.Flows.PublishAsync(definition, "Call today");
        Assert.Equal(v1 + 1, v2);

        var second = await OpenNotCoveredAsync();
        var secondInstance = second["instanceId"]!.GetValue<Guid>();
        Assert.Equal(v2, second["definitionVersion"]!.GetValue<int>());
        Assert.StartsWith("v2: ", (await _desk.TaskAsync(secondInstance, "notCovered"))["title"]!.GetValue<string>());
        Assert.DoesNotContain("v2:", firstTask["title"]!.GetValue<string>());

        // the request opened before finishes on the version it started with
        foreach (var (opened, instanceId, version) in new[] { (first, firstInstance, v1), (second, secondInstance, v2) })
        {
            await _desk.CompleteAsync(instanceId, "notCovered", "Informed");
            Assert.StartsWith("Not covered by the warranty:", (await _desk.WaitForStatusAsync(opened["requestId"]!, "Closed"))["resolution"]!.GetValue<string>());
            var instance = await _desk.Flows.WaitForAsync(instanceId, "Completed");
            Assert.Equal(version, instance["instance"]!["definitionVersion"]!.GetValue<int>());
            Assert.Equal(version, (await _desk.RequestAsync(opened["requestId"]!))["instance"]!["definitionVersion"]!.GetValue<int>());
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FlowVersionOnSqlite(SqliteHost host) : FlowVersionTests(host);

[Collection(PostgresCollection.Name)]
public sealed class FlowVersionOnPostgres(PostgresHost host) : FlowVersionTests(host);
