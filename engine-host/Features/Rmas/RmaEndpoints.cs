using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Rmas;

public sealed record RmaInput(Guid? CustomerId, Guid? ServiceRequestId, Guid? InstalledProductId, string? Status, string? Reason,
    string? InboundCarrier, string? InboundTracking, DateTimeOffset? ReceivedAt, string? Diagnosis, string? Disposition,
    string? OutboundCarrier, string? OutboundTracking, DateTimeOffset? ShippedAt);

internal static class RmaEndpoints
{
    public static readonly RecordApi<Rma, RmaInput> Api = new()
    {
        Route = "rmas",
        Tag = "RMA",
        Noun = "RMA",
        FindBy = GuidKeys.FindBy<Rma>(number => r => r.Number == number.ToUpperInvariant()),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Id<Rma>("customerId", r => r.CustomerId),
            Lists.Id<Rma>("serviceRequestId", r => r.ServiceRequestId),
            Lists.Enum<Rma, RmaStatus>("status", r => r.Status),
            Lists.Text<Rma>("inboundTracking", r => r.InboundTracking),
            Lists.Text<Rma>("number", r => r.Number),
        ],
        Sorts = [Lists.Sort<Rma, DateTimeOffset>("createdAt", r => r.CreatedAt), Lists.Sort<Rma, string>("number", r => r.Number)],
        Unique = [new("number", r => x => x.Number == r.Number && x.Id != r.Id, r => $"Number {r.Number} is taken.")],
    };

    public static IEndpointRouteBuilder MapRmas(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api);
        return app;
    }

    private static async Task<Rma?> ApplyAsync(RecordContext c, RmaInput i, Rma? rma)
    {
        var e = c.Errors;
        await c.Required<Customer>("customerId", i.CustomerId);
        await c.Reference<ServiceRequest>("serviceRequestId", i.ServiceRequestId);
        var product = await c.Reference<InstalledProduct>("installedProductId", i.InstalledProductId);
        if (product is not null && product.CustomerId != i.CustomerId)
            e.Add("installedProductId", "The product is registered to another customer.");
        var status = e.Enum("status", i.Status, RmaStatus.Authorised);
        var reason = e.Required("reason", i.Reason, 2000);
        var disposition = e.OptionalEnum<RmaDisposition>("disposition", i.Disposition);
        var text = new[] { ("inboundCarrier", i.InboundCarrier), ("inboundTracking", i.InboundTracking),
            ("outboundCarrier", i.OutboundCarrier), ("outboundTracking", i.OutboundTracking) }
            .Select(f => e.Optional(f.Item1, f.Item2, 100)).ToArray();
        var diagnosis = e.Optional("diagnosis", i.Diagnosis, 4000);
        if (status >= RmaStatus.Received && i.ReceivedAt is null)
            e.Add("receivedAt", $"An RMA that is {status} has a receipt time.");
        if (e.Any)
            return null;
        rma ??= new Rma
        {
            Number = await NumberSequences.NextYearlyAsync(c.Db, "RMA", c.Now.Year, c.CancellationToken),
            Reason = reason,
        };
        (rma.CustomerId, rma.ServiceRequestId, rma.InstalledProductId, rma.Status) = (i.CustomerId!.Value, i.ServiceRequestId, product?.Id, status);
        (rma.Reason, rma.Diagnosis, rma.Disposition) = (reason, diagnosis, disposition);
        (rma.InboundCarrier, rma.InboundTracking, rma.OutboundCarrier, rma.OutboundTracking) = (text[0], text[1], text[2], text[3]);
        (rma.ReceivedAt, rma.ShippedAt) = (i.ReceivedAt?.ToUniversalTime(), i.ShippedAt?.ToUniversalTime());
        return rma;
    }
}
