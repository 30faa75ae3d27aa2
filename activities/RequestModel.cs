using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Activities;

/// <summary>
/// <c>request</c> in expressions and templates: the service request the instance runs, as plain data (number, type,
/// status, priority, symptom, region, product line, SLA due times, costs). Null on an instance without a request.
/// </summary>
public sealed class RequestModel : IExpressionModelProvider
{
    public string Root => "request";

    public async ValueTask<object?> LoadAsync(InstanceRecord instance, DbContext db, CancellationToken cancellationToken)
    {
        var r = await db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(x => x.InstanceId == instance.Id, cancellationToken);
        if (r is null)
            return null;
        return ExpressionEngine.ToScriptObject(new JsonObject
        {
            ["id"] = r.Id.ToString(),
            ["number"] = r.Number,
            ["type"] = r.Type.ToString(),
            ["status"] = r.Status.ToString(),
            ["priority"] = r.Priority.ToString().ToLowerInvariant(),
            ["symptom"] = r.Symptom,
            ["region"] = r.Region,
            ["productLine"] = r.ProductLine,
            ["contactName"] = r.ContactName,
            ["contactPhone"] = r.ContactPhone,
            ["warrantyRemedy"] = r.WarrantyRemedy?.ToString(),
            ["warrantyReason"] = r.WarrantyReason,
            ["firstResponseDue"] = r.FirstResponseDue?.ToString("O"),
            ["onSiteDue"] = r.OnSiteDue?.ToString("O"),
            ["resolutionDue"] = r.ResolutionDue?.ToString("O"),
            ["totalCost"] = r.TotalCost.Yuan,
        });
    }
}
