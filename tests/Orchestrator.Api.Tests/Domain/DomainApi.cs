using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

/// <summary>The domain records' API as the tests drive it: builders that create a valid record with a unique code.</summary>
public sealed class DomainApi(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonObject> CustomerAsync(string tier = "Standard", string region = "Shanghai", string? name = null)
    {
        var code = WorkflowApi.Unique("C");
        return await CreatedAsync("/api/customers", new { code, name = name ?? $"Customer {code}", tier, region, phone = "13800000000" });
    }

    public async Task<JsonObject> ModelAsync(string productLine = "air-conditioner", int warrantyMonths = 12) =>
        await CreatedAsync("/api/product-models", new
        {
            modelCode = WorkflowApi.Unique("M"),
            name = "Split AC 3.5 kW",
            productLine,
            warrantyMonths,
        });

    public async Task<JsonObject> ProductAsync(Guid customerId, Guid modelId, string saleDate, string? acceptanceDate = null,
        string[]? exclusions = null, Guid? contractId = null, string? serialNumber = null) =>
        await CreatedAsync("/api/installed-products", new
        {
            serialNumber = serialNumber ?? WorkflowApi.Unique("SN"),
            customerId,
            modelId,
            saleDate,
            acceptanceDate,
            exclusions,
            contractId,
        });

    public async Task<JsonObject> RequestAsync(Guid customerId, string type = "InWarrantyRepair", string priority = "Normal",
        string? openedAt = null) =>
        await CreatedAsync("/api/service-requests", new
        {
            type,
            customerId,
            symptom = "The indoor unit drips water onto the floor.",
            priority,
            openedAt,
        });

    public async Task<JsonObject> CreatedAsync(string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? [] : JsonNode.Parse(text) as JsonObject ?? new JsonObject { ["items"] = JsonNode.Parse(text) });
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body.ToJsonString()}");
        return body;
    }

    /// <summary>The field names a 400 validation problem names.</summary>
    public static string[] Fields(JsonObject problem) => problem["errors"] is JsonObject errors ? errors.Select(e => e.Key).ToArray() : [];

    public static Guid Id(JsonObject record) => record["id"]!.GetValue<Guid>();
}
