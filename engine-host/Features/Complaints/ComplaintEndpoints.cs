using Orchestrator.Domain.Complaints;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.Complaints;

public sealed record ComplaintInput(string? Kind, string? Severity, Guid? CustomerId, Guid? ServiceRequestId, string? Subject,
    string? Description, string? Status, string? Handler, string? Resolution, bool? CustomerConfirmed, DateTimeOffset? ResolvedAt);

internal static class ComplaintEndpoints
{
    public static readonly RecordApi<Complaint, ComplaintInput> Api = new()
    {
        Route = "complaints",
        Tag = "Complaints",
        Noun = "complaint",
        FindBy = GuidKeys.FindBy<Complaint>(number => x => x.Number == number.ToUpperInvariant()),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        Filters =
        [
            Lists.Id<Complaint>("customerId", x => x.CustomerId),
            Lists.Enum<Complaint, HandlingStatus>("status", x => x.Status),
            Lists.Enum<Complaint, ComplaintSeverity>("severity", x => x.Severity),
            Lists.Text<Complaint>("number", x => x.Number),
            .. Lists.TimeRange<Complaint>("created", x => x.CreatedAt),
        ],
        Sorts = [Lists.Sort<Complaint, DateTimeOffset>("createdAt", x => x.CreatedAt), Lists.Sort<Complaint, string>("number", x => x.Number)],
        Unique = [new("number", r => x => x.Number == r.Number && x.Id != r.Id, r => $"Number {r.Number} is taken.")],
    };

    public static IEndpointRouteBuilder MapComplaints(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api).MapAuditLock(Api);
        return app;
    }

    private static async Task<Complaint?> ApplyAsync(RecordContext c, ComplaintInput i, Complaint? complaint)
    {
        var e = c.Errors;
        await c.Required<Customer>("customerId", i.CustomerId);
        await c.Reference<ServiceRequest>("serviceRequestId", i.ServiceRequestId);
        var kind = e.Enum("kind", i.Kind, ComplaintKind.Complaint);
        var severity = e.Enum("severity", i.Severity, ComplaintSeverity.Normal);
        var status = e.Enum("status", i.Status, HandlingStatus.InProgress);
        var subject = e.Required("subject", i.Subject);
        var description = e.Required("description", i.Description, 4000);
        var (handler, resolution) = (e.Optional("handler", i.Handler), e.Optional("resolution", i.Resolution, 4000));
        if (status == HandlingStatus.Done && resolution is null)
            e.Add("resolution", "A done complaint says how it was resolved.");
        if (e.Any)
            return null;
        complaint ??= new Complaint
        {
            Number = await NumberSequences.NextYearlyAsync(c.Db, "CP", c.Now.Year, c.CancellationToken),
            Subject = subject,
            Description = description,
        };
        (complaint.Kind, complaint.Severity, complaint.Status, complaint.CustomerId) = (kind, severity, status, i.CustomerId!.Value);
        (complaint.ServiceRequestId, complaint.Subject, complaint.Description) = (i.ServiceRequestId, subject, description);
        (complaint.Handler, complaint.Resolution, complaint.CustomerConfirmed) = (handler, resolution, i.CustomerConfirmed ?? false);
        complaint.ResolvedAt = i.ResolvedAt?.ToUniversalTime() ?? (status == HandlingStatus.Done ? complaint.ResolvedAt ?? c.Now : null);
        return complaint;
    }
}
