using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Api.Tests.ServiceFlows;

namespace Orchestrator.Api.Tests.Scheduling;

/// <summary>A customer with a team serving it, a PM contract and a product under it.</summary>
public sealed record PmSite(Guid CustomerId, Guid ContractId, string ContractCode, Guid ModelId, Guid ProductId, Territory Territory);

/// <summary>Builds PM sites and plans through the API, dated from the host's clock.</summary>
public sealed class PmSites(HostFixture host, ServiceDesk desk)
{
    public DateOnly Today => DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);

    public async Task<PmSite> SiteAsync()
    {
        var t = await desk.TerritoryAsync();
        var model = DomainApi.Id(await desk.Records.GetAsync($"/api/product-models/{t.ModelCode}"));
        var code = WorkflowApi.Unique("K");
        var contract = await desk.Records.CreatedAsync("/api/service-contracts", new
        {
            code,
            customerId = t.CustomerId,
            level = "Premium",
            coverage = new[] { "PreventiveMaintenance", "Labour" },
            startDate = Today.AddDays(-30).ToString("yyyy-MM-dd"),
            endDate = Today.AddYears(2).ToString("yyyy-MM-dd"),
        });
        var site = new PmSite(t.CustomerId, DomainApi.Id(contract), code, model, Guid.Empty, t);
        return site with { ProductId = await ProductAsync(site) };
    }

    public async Task<Guid> ProductAsync(PmSite site) => DomainApi.Id(await desk.Records.ProductAsync(site.CustomerId, site.ModelId,
        Today.AddDays(-60).ToString("yyyy-MM-dd"), contractId: site.ContractId));

    public async Task<Guid> PlanAsync(PmSite site, DateOnly nextDueDate, string schedule = "0 8 1 */3 *", int? leadDays = null,
        string? checklist = null, Guid? product = null) =>
        DomainApi.Id(await desk.Records.CreatedAsync("/api/pm-plans", new
        {
            contractId = site.ContractId,
            installedProductId = product ?? site.ProductId,
            schedule,
            leadDays,
            checklist,
            nextDueDate = nextDueDate.ToString("yyyy-MM-dd"),
        }));

    public Task<JsonObject> PlanOfAsync(Guid plan) => desk.Records.GetAsync($"/api/pm-plans/{plan}");

    public async Task<List<JsonNode?>> MaintenanceRequestsAsync(PmSite site) =>
        (await desk.Records.GetAsync($"/api/service-requests?customerId={site.CustomerId}&type=PreventiveMaintenance&pageSize=200"))["items"]!
        .AsArray().ToList();
}
