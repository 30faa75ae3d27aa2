using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Domain.Customers;

namespace Orchestrator.EngineHost.Features.Samples;

// The shapes of samples/data/*.json: records refer to each other by code, never by id.

internal sealed record SampleGroup(string Code, string Name, CustomerGroupKind Kind, string? Owner);

internal sealed record SampleCustomer(string Code, string Name, CustomerKind Kind, string? Phone, string? Email, string Region,
    string? Province, string? City, string? Group, CustomerTier Tier, bool Blacklisted, string? BlacklistReason, int LoyaltyPoints,
    List<CustomerContact> Contacts, List<CustomerAddress> Addresses);

internal sealed record SampleModel(string ModelCode, string Name, string ProductLine, int WarrantyMonths, int? PmIntervalMonths,
    List<string> SpareParts);

internal sealed record SampleProduct(string SerialNumber, string Model, string Customer, string? SiteAddress, DateOnly SaleDate,
    DateOnly? AcceptanceDate, string? CustomField1, string? CustomField2, List<string> Exclusions);

internal sealed record SamplePmPlan(int IntervalMonths, string? Checklist);

internal sealed record SampleContract(string Code, string Customer, string Level, List<string> Coverage, DateOnly StartDate,
    DateOnly EndDate, List<string> Products, SamplePmPlan? PmPlan);

internal sealed record SampleTeam(string Code, string Name, List<string> ProductLines, List<string> Regions, string? LeadCode);

internal sealed record SampleTechnician(string Code, string Name, string Team, List<string> Skills, List<string> Regions, string? Phone);

internal sealed record SamplePart(string PartNumber, string Name, string? ProductLine, decimal UnitPrice, int SafetyStock, int MinStock,
    int MaxStock);

internal sealed record SampleWarehouse(string Code, string Name, string? Region, string? Address);

internal sealed record SampleMovement(string Kind, string PartNumber, int Quantity, string Warehouse, string? Technician, string Reference);

/// <summary>Reads the sample files embedded in the host (see the csproj: samples/data/*.json).</summary>
internal static class SampleFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static List<T> Read<T>(string name) =>
        JsonSerializer.Deserialize<List<T>>(Open(name), Json) ?? throw new InvalidOperationException($"samples/{name}.json is empty.");

    public static string Text(string name)
    {
        using var reader = new StreamReader(Open(name));
        return reader.ReadToEnd();
    }

    private static Stream Open(string name) =>
        typeof(SampleFiles).Assembly.GetManifestResourceStream($"samples/{name}.json")
        ?? throw new InvalidOperationException($"samples/{name}.json is not embedded in the host.");
}
