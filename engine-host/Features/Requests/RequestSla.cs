using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Requests;

/// <summary>
/// A request's SLA: evaluated when it is opened under the default policy's version in effect then, and recorded. Later
/// edits (a new priority, work starting) are evaluated again under the same recorded version; a newer version never
/// changes a request already opened.
/// </summary>
internal static class RequestSla
{
    public static Task EvaluateAsync(RecordContext c, ServiceRequest request, Customer customer, InstalledProduct? product) =>
        RequestWork.EvaluateSlaAsync(c.Db, c.Services.GetRequiredService<SlaPolicyStore>(), request, customer, product, c.CancellationToken);
}
