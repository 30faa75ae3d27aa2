using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using StandardWebhooks;

namespace Orchestrator.Api.Tests.ServiceFlows;

/// <summary>A product line served in a region: model, team, technician, a customer with a product, and parts in stock.</summary>
public sealed record Territory(string ProductLine, string Region, string ModelCode, Guid TeamId, string TechnicianCode, Guid CustomerId,
    string Warehouse);

/// <summary>The service desk as the flow tests drive it: open requests, report visits, complete tasks, read requests.</summary>
public sealed class ServiceDesk(HostFixture host)
{
    public DomainApi Records { get; } = new(host.Client);
    public WorkflowApi Flows => host.Api;
    public HttpClient Http => host.Client;

    /// <summary>An integrator's endpoint added through the admin API: its name and the secret shown once.</summary>
    public async Task<(string Name, string Secret)> EndpointAsync(string prefix, object action)
    {
        var name = WorkflowApi.Unique(prefix).ToLowerInvariant();
        var created = await Records.CreatedAsync("/api/webhooks/endpoints", new { name, action });
        return (name, created["secret"]!.GetValue<string>());
    }

    /// <summary>Posts <paramref name="body"/> to <c>/hooks/{endpoint}</c> signed the Standard Webhooks way, at the host's clock.</summary>
    public async Task<HttpResponseMessage> HookAsync(string endpoint, string secret, string body, string? id = null)
    {
        id ??= $"msg_{Guid.NewGuid():N}";
        var at = host.Factory.Clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{endpoint}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, at, body));
        return await host.Client.SendAsync(request);
    }

    /// <summary>A payload of <c>samples/webhooks</c>, as an integrator would copy it.</summary>
    public static JsonObject Sample(string file, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples", "webhooks", file)))!.AsObject();

    /// <summary>A fresh product line (so tests never share teams) with a team and technician unless told otherwise.</summary>
    public async Task<Territory> TerritoryAsync(bool withTeam = true, int warrantyMonths = 12)
    {
        var line = WorkflowApi.Unique("line");
        var region = WorkflowApi.Unique("R");
        var model = await Records.CreatedAsync("/api/product-models",
            new { modelCode = WorkflowApi.Unique("M"), name = "Split AC 3.5 kW", productLine = line, warrantyMonths });
        Guid teamId = default;
        var technician = "";
        if (withTeam)
            (teamId, technician) = await TeamAsync(line, region);
        var customer = DomainApi.Id(await Records.CustomerAsync(region: region));
        var warehouse = WorkflowApi.Unique("W");
        await Records.CreatedAsync("/api/warehouses", new { code = warehouse, name = "Central", region });
        return new Territory(line, region, model["modelCode"]!.GetValue<string>(), teamId, technician, customer, warehouse);
    }

    public async Task<(Guid TeamId, string TechnicianCode)> TeamAsync(string line, string region)
    {
        var team = await Records.CreatedAsync("/api/teams",
            new { code = WorkflowApi.Unique("T"), name = "Team", productLines = new[] { line }, regions = new[] { region } });
        var code = WorkflowApi.Unique("E");
        await Records.CreatedAsync("/api/technicians", new { code, name = "张工", teamId = DomainApi.Id(team) });
        return (DomainApi.Id(team), code);
    }

    public async Task<string> PartAsync(Territory t, decimal price, int inStock)
    {
        var number = WorkflowApi.Unique("P");
        await Records.CreatedAsync("/api/parts", new { partNumber = number, name = "Part", productLine = t.ProductLine, unitPrice = price });
        if (inStock > 0)
            await ReceiveAsync(t, number, inStock);
        return number;
    }

    public async Task ReceiveAsync(Territory t, string part, int quantity)
    {
        var response = await Http.PostAsJsonAsync("/api/parts/movements", new { kind = "Receive", partNumber = part, quantity, warehouse = t.Warehouse });
        await WorkflowApi.Ensure(response);
    }

    public async Task<JsonObject> OpenAsync(object body)
    {
        var response = await Http.PostAsJsonAsync("/api/requests", body);
        var answer = await WorkflowApi.Ensure(response);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return answer;
    }

    /// <summary>
    /// A symptom no knowledge-base article matches: a repair with it goes past the flow's remote resolution (AutoResolve:
    /// Unresolved) straight to a technician.
    /// </summary>
    public static string NoArticleSymptom() => $"{WorkflowApi.Unique("zq")} {WorkflowApi.Unique("xv")}";

    /// <summary>
    /// A knowledge base of some size (articles of another product line): on a fresh database an article alone scores low,
    /// as every term is in every article.
    /// </summary>
    public async Task SomeKnowledgeAsync()
    {
        foreach (var other in new[] { "Drum does not turn", "Door will not open", "Water on the floor" })
            await Records.CreatedAsync("/api/knowledge", new { title = other, symptom = other, solution = "Call us.", language = "en", productLine = "other" });
    }

    /// <summary>A repair or installation of a new product (registered by the intake) for the territory's customer.</summary>
    public Task<JsonObject> OpenForAsync(Territory t, string type = "installation", string? serial = null, string? saleDate = null,
        string? symptom = null) =>
        OpenAsync(new
        {
            type,
            customer = new { id = t.CustomerId },
            serialNumber = serial ?? WorkflowApi.Unique("SN"),
            model = t.ModelCode,
            saleDate,
            symptom = symptom ?? "The indoor unit drips water.",
            priority = "high",
            channel = "phone",
        });

    public async Task<JsonObject> RequestAsync(object id) => await Records.GetAsync($"/api/requests/{id}");

    /// <summary>The request's open field task (a visit), once its flow has dispatched it.</summary>
    public async Task<JsonObject> VisitAsync(object requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var page = await Records.GetAsync($"/api/field-tasks?serviceRequestId={requestId}&status=Scheduled");
            if (page["items"]!.AsArray().FirstOrDefault() is JsonObject task)
                return task;
            Assert.True(DateTime.UtcNow < deadline, $"No visit was dispatched for {requestId}: {await DiagnoseAsync(requestId)}");
            await Task.Delay(20);
        }
    }

    public async Task<HttpResponseMessage> ReportAsync(object fieldTaskId, string outcome, object? partsUsed = null, object? partsNeeded = null,
        decimal labourFee = 0, decimal travelFee = 0, string? notes = null) =>
        await Http.PostAsJsonAsync($"/api/field-tasks/{fieldTaskId}/report", new
        {
            outcome,
            workDone = outcome == "Completed" ? "Replaced the drain pump and tested for an hour." : null,
            hours = 1.5,
            labourFee,
            travelFee,
            partsUsed,
            partsNeeded,
            signedBy = outcome == "Completed" ? "王先生" : null,
            notes,
        });

    /// <summary>Waits for the flow's open task of that activity and completes it.</summary>
    public async Task<JsonObject> CompleteAsync(Guid instanceId, string activityId, string outcome, object? data = null)
    {
        var task = await TaskAsync(instanceId, activityId);
        await WorkflowApi.Ensure(await Flows.CompleteAsync(task["id"]!.GetValue<Guid>(), outcome, data));
        return task;
    }

    /// <summary>Waits for the flow's open task of that activity; a failure says where the flow is instead.</summary>
    public async Task<JsonObject> TaskAsync(Guid instanceId, string activityId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if ((await Flows.TasksAsync(instanceId)).FirstOrDefault(t => t!["activityId"]!.GetValue<string>() == activityId) is JsonObject task)
                return task;
            if (DateTime.UtcNow > deadline)
            {
                var instance = await Flows.InstanceAsync(instanceId);
                Assert.Fail($"No open task of {activityId}: {instance["instance"]!["status"]} incidents {instance["incidents"]!.ToJsonString()} "
                    + $"trace {string.Join(" ", await Flows.TraceAsync(instanceId))}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the request is as <paramref name="until"/> says.</summary>
    public async Task<JsonObject> WaitAsync(object requestId, Func<JsonObject, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var request = await RequestAsync(requestId);
            if (until(request))
                return request;
            Assert.True(DateTime.UtcNow < deadline, $"Request {requestId} did not get there: {await DiagnoseAsync(requestId)}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the request's status is <paramref name="status"/>.</summary>
    public async Task<JsonObject> WaitForStatusAsync(object requestId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var request = await RequestAsync(requestId);
            if (request["status"]!.GetValue<string>() == status)
                return request;
            Assert.True(DateTime.UtcNow < deadline, $"Request {requestId} stayed {request["status"]} (wanted {status}): {request.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    /// <summary>The request, its instance's incidents and the activities it completed: what a failing test should say.</summary>
    public async Task<string> DiagnoseAsync(object requestId)
    {
        var request = await RequestAsync(requestId);
        if (request["instance"]?["id"]?.GetValue<Guid>() is not { } instanceId)
            return request.ToJsonString();
        var instance = await Flows.InstanceAsync(instanceId);
        return $"{request["status"]} {instance["instance"]!["status"]} incidents {instance["incidents"]!.ToJsonString()} trace "
            + string.Join(" ", await Flows.TraceAsync(instanceId));
    }

    /// <summary>The statuses the request went through, from its history.</summary>
    public static List<string> Statuses(JsonObject request) =>
        request["history"]!.AsArray().SelectMany(h => h!["changes"]!.AsArray())
            .Where(c => c!["field"]!.GetValue<string>() == "status").Select(c => c!["new"]!.ToString()).ToList();
}
