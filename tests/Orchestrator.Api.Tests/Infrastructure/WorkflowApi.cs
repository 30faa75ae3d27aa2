using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>The public API as a test drives it: publish a flow, start it, wait for it, complete its tasks.</summary>
public sealed class WorkflowApi(HttpClient http, OrchestratorFactory factory)
{
    public HttpClient Http => http;

    /// <summary>Creates the flow as a draft and publishes it; returns the published version.</summary>
    public async Task<int> PublishAsync(JsonObject definition, string? comment = null)
    {
        var id = definition["definitionId"]!.GetValue<string>();
        var exists = await http.GetAsync($"/api/definitions/{id}");
        var save = exists.StatusCode == HttpStatusCode.NotFound
            ? await http.PostAsJsonAsync("/api/definitions", definition)
            : await http.PutAsJsonAsync($"/api/definitions/{id}/draft", definition);
        await Ensure(save);
        var publish = await http.PostAsJsonAsync($"/api/definitions/{id}/publish", new { comment });
        var body = await Ensure(publish);
        return body["version"]!.GetValue<int>();
    }

    public async Task<Guid> StartAsync(string definitionId, object? input = null, string? correlationId = null)
    {
        var response = await http.PostAsJsonAsync("/api/instances", new { definitionId, input, correlationId });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await Ensure(response);
        return body["instanceId"]!.GetValue<Guid>();
    }

    public async Task<JsonObject> InstanceAsync(Guid id) => await Ensure(await http.GetAsync($"/api/instances/{id}"));

    public async Task<string> StatusAsync(Guid id) =>
        (await InstanceAsync(id))["instance"]!["status"]!.GetValue<string>();

    /// <summary>Waits until the instance reaches one of the statuses (the dispatcher runs in the background).</summary>
    public async Task<JsonObject> WaitForAsync(Guid id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonObject instance;
        do
        {
            instance = await InstanceAsync(id);
            if (statuses.Contains(instance["instance"]!["status"]!.GetValue<string>()))
                return instance;
            await Task.Delay(15);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"Instance {id} stayed {instance["instance"]!["status"]} (wanted {string.Join("/", statuses)}): {instance.ToJsonString()}");
        return instance;
    }

    public async Task<JsonObject> WaitForTaskAsync(Guid instanceId, string? activityId = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            var tasks = await TasksAsync(instanceId);
            var task = tasks.FirstOrDefault(t => activityId is null || t!["activityId"]!.GetValue<string>() == activityId);
            if (task is not null)
                return task.AsObject();
            await Task.Delay(15);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"No open task{(activityId is null ? "" : $" of {activityId}")} appeared for {instanceId}.");
        return null!;
    }

    public async Task<JsonArray> TasksAsync(Guid instanceId, string status = "Open") =>
        (await http.GetFromJsonAsync<JsonArray>($"/api/tasks?instanceId={instanceId}&status={status}"))!;

    public Task<HttpResponseMessage> CompleteAsync(Guid taskId, string outcome, object? data = null) =>
        http.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, data });

    public async Task<HttpResponseMessage> RaiseAsync(string name, string correlationKey, object? payload = null) =>
        await http.PostAsJsonAsync($"/api/events/{name}", new { correlationKey, payload });

    /// <summary>The activities that completed, in order, as "id:outcome".</summary>
    public async Task<List<string>> TraceAsync(Guid id)
    {
        var log = (await http.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/log"))!;
        return log.Where(e => e!["event"]!.GetValue<string>() == "Completed")
            .Select(e => $"{e!["activityId"]}:{e["outcome"]}").ToList();
    }

    public async Task<List<(string Activity, string Event)>> EventsAsync(Guid id)
    {
        var log = (await http.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/log"))!;
        return log.Select(e => (e!["activityId"]!.GetValue<string>(), e["event"]!.GetValue<string>())).ToList();
    }

    /// <summary>Moves the host's clock and fires what became due (as the timer driver would).</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        factory.Clock.Advance(by);
        return await factory.Services.GetRequiredService<TimerPump>().FireDueAsync(CancellationToken.None);
    }

    public static async Task<JsonObject> Ensure(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return string.IsNullOrEmpty(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    public static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
