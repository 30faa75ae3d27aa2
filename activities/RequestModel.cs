using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Persistence;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// <c>request</c> in expressions and templates: the service request the instance runs, as plain data (number, type,
/// status, priority, symptom, region, product line, SLA due times, costs). Null on an instance without a request.
/// Live within the burst: once an activity of the burst has changed the request (its status, its costs), the next
/// expression sees the change.
/// </summary>
public sealed class RequestModel : IExpressionModelProvider
{
    public string Root => "request";

    public async ValueTask<object?> LoadAsync(InstanceRecord instance, DbContext db, CancellationToken cancellationToken)
    {
        var r = await db.Set<ServiceRequest>().AsNoTracking().IgnoreQueryFilters().FirstOrDefaultAsync(x => x.InstanceId == instance.Id, cancellationToken);
        return r is null ? null : new LiveRequest(db, instance.Id, r);
    }

    public static JsonObject Data(ServiceRequest r) => new()
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
    };

    /// <summary>The request as the burst's context tracks it when an activity loaded it, else as it was when the burst began.</summary>
    private sealed class LiveRequest : ScriptObject
    {
        private readonly DbContext _db;
        private readonly Guid _instanceId;
        private readonly ServiceRequest _loaded;
        private string? _stamp;

        public LiveRequest(DbContext db, Guid instanceId, ServiceRequest loaded)
        {
            (_db, _instanceId, _loaded) = (db, instanceId, loaded);
            Refresh();
        }

        private void Refresh()
        {
            var current = _db.ChangeTracker.Entries<ServiceRequest>().Select(e => e.Entity).FirstOrDefault(x => x.InstanceId == _instanceId) ?? _loaded;
            var data = Data(current);
            var stamp = data.ToJsonString();
            if (stamp == _stamp)
                return;
            Clear();
            foreach (var (key, value) in ExpressionEngine.ToScriptObject(data))
                SetValue(key, value, false);
            _stamp = stamp;
        }

        public override bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value)
        {
            Refresh();
            return base.TryGetValue(context, span, member, out value);
        }
    }
}
