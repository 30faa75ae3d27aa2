using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Audit;

/// <summary>One change as the API shows it.</summary>
public sealed record AuditEntryView(Guid Id, string Entity, string EntityId, AuditAction Action, string Actor, DateTimeOffset At,
    JsonNode? Changes);

internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditTrail(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAsync).WithTags("Audit")
            .Produces<ListPage<AuditEntryView>>().ProducesValidationProblem()
            .WithSummary("The audit trail of one record, oldest first: who changed what, when, old → new. entity is the record type "
                + "(ServiceRequest) or its route (service-requests); id its key");
        return app;
    }

    private static async Task<IResult> ListAsync(string? entity, string? id, DbContext db, int page = 1, int pageSize = 100,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(entity) || string.IsNullOrWhiteSpace(id))
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(entity)) errors["entity"] = ["entity is required, e.g. ServiceRequest."];
            if (string.IsNullOrWhiteSpace(id)) errors["id"] = ["id is required: the record's key."];
            return Problems.Invalid(errors);
        }
        (page, pageSize) = (Math.Max(1, page), Math.Clamp(pageSize, 1, Lists.MaxPageSize));
        var type = TypeOf(entity);
        var key = Guid.TryParse(id, out var guid) ? guid.ToString() : id.Trim();
        var query = db.Set<AuditEntry>().AsNoTracking().Where(a => a.EntityType == type && a.EntityId == key);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(a => a.At).ThenBy(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var items = rows.Select(a => new AuditEntryView(a.Id, a.EntityType, a.EntityId, a.Action, a.Actor, a.At, JsonNode.Parse(a.Changes)))
            .ToList();
        return TypedResults.Ok(new ListPage<AuditEntryView>(items, page, pageSize, total));
    }

    /// <summary><c>service-requests</c> → <c>ServiceRequest</c>; a type name is taken as it is.</summary>
    internal static string TypeOf(string entity)
    {
        var e = entity.Trim();
        if (!e.Contains('-') && char.IsUpper(e[0]))
            return e;
        var singular = e.EndsWith("ies", StringComparison.Ordinal) ? e[..^3] + "y" : e.TrimEnd('s');
        if (e is "knowledge") singular = "knowledge-article";
        if (e is "sla-policies") singular = "sla-policy";
        return string.Concat(singular.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }
}
