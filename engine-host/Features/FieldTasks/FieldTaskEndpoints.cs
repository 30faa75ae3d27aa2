using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Teams;
using Orchestrator.EngineHost.Features.Records;

namespace Orchestrator.EngineHost.Features.FieldTasks;

public sealed record FieldTaskInput(Guid? ServiceRequestId, Guid? TechnicianId, string? Status, DateTimeOffset? AppointmentStart,
    DateTimeOffset? AppointmentEnd, DateTimeOffset? ArrivedAt, DateTimeOffset? CompletedAt, string? WorkDone, List<PartUsed>? PartsUsed,
    int? LabourMinutes, decimal? LabourFee, decimal? TravelFee, string? CustomerMaterials, string? SignedBy, DateTimeOffset? SignedAt,
    string? Notes, DateTimeOffset? DueAt = null);

internal static class FieldTaskEndpoints
{
    public static readonly RecordApi<FieldTask, FieldTaskInput> Api = new()
    {
        Route = "field-tasks",
        Tag = "Field tasks",
        Noun = "field task",
        FindBy = GuidKeys.FindBy<FieldTask>(),
        KeyOf = GuidKeys.KeyOf,
        ThenByKey = GuidKeys.ThenById,
        Apply = ApplyAsync,
        RefuseChange = t => t.Status == FieldTaskStatus.Completed ? "it is completed" : null,
        Filters =
        [
            Lists.Id<FieldTask>("serviceRequestId", t => t.ServiceRequestId),
            Lists.Id<FieldTask>("technicianId", t => t.TechnicianId),
            Lists.Enum<FieldTask, FieldTaskStatus>("status", t => t.Status),
        ],
        Sorts =
        [
            Lists.Sort<FieldTask, DateTimeOffset?>("appointmentStart", t => t.AppointmentStart),
            Lists.Sort<FieldTask, DateTimeOffset>("createdAt", t => t.CreatedAt),
        ],
    };

    public static IEndpointRouteBuilder MapFieldTasks(this IEndpointRouteBuilder app)
    {
        app.MapRecords(Api);
        return app;
    }

    private static async Task<FieldTask?> ApplyAsync(RecordContext c, FieldTaskInput i, FieldTask? task)
    {
        var e = c.Errors;
        var request = await c.Required<ServiceRequest>("serviceRequestId", i.ServiceRequestId);
        await c.Required<TechnicianRecord>("technicianId", i.TechnicianId);
        var status = e.Enum("status", i.Status, FieldTaskStatus.Scheduled);
        if (i.AppointmentEnd <= i.AppointmentStart)
            e.Add("appointmentEnd", "The appointment must end after it starts.");
        var parts = i.PartsUsed ?? [];
        for (var n = 0; n < parts.Count; n++)
        {
            e.Required($"partsUsed[{n}].partNumber", parts[n]?.PartNumber, 64);
            e.Range($"partsUsed[{n}].quantity", parts[n]?.Quantity, 1, 10_000);
        }
        var minutes = e.Range("labourMinutes", i.LabourMinutes, 0, 60 * 24 * 14, 0);
        var (labour, travel) = (e.Money("labourFee", i.LabourFee), e.Money("travelFee", i.TravelFee));
        if (status == FieldTaskStatus.Completed && string.IsNullOrWhiteSpace(i.WorkDone))
            e.Add("workDone", "A completed task says what work was done.");
        var (workDone, materials) = (e.Optional("workDone", i.WorkDone, 4000), e.Optional("customerMaterials", i.CustomerMaterials, 1000));
        var (signedBy, notes) = (e.Optional("signedBy", i.SignedBy), e.Optional("notes", i.Notes, 2000));
        if (e.Any)
            return null;
        // the request's SLA on-site due time unless one is given; an edit of the same request's visit keeps the one it has
        var dueAt = i.DueAt?.ToUniversalTime()
            ?? (task is not null && task.ServiceRequestId == i.ServiceRequestId ? task.DueAt : null) ?? request?.OnSiteDue;
        task ??= new FieldTask();
        (task.ServiceRequestId, task.TechnicianId, task.Status) = (i.ServiceRequestId!.Value, i.TechnicianId!.Value, status);
        (task.AppointmentStart, task.AppointmentEnd) = (i.AppointmentStart?.ToUniversalTime(), i.AppointmentEnd?.ToUniversalTime());
        task.DueAt = dueAt;
        (task.ArrivedAt, task.CompletedAt) = (i.ArrivedAt?.ToUniversalTime(), i.CompletedAt?.ToUniversalTime()
            ?? (status == FieldTaskStatus.Completed ? c.Now : null));
        (task.WorkDone, task.PartsUsed, task.LabourMinutes, task.LabourFee, task.TravelFee) = (workDone, parts, minutes, labour, travel);
        (task.CustomerMaterials, task.SignedBy, task.SignedAt, task.Notes) = (materials, signedBy, i.SignedAt?.ToUniversalTime(), notes);
        return task;
    }
}
