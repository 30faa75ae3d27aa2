using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.FieldTasks;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Features.Workspace;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.FieldTasks;

/// <param name="Outcome">Completed, NeedsParts, CustomerAbsent or Failed.</param>
/// <param name="Hours">Hours worked on site.</param>
/// <param name="LabourFee">Yuan, at most two decimals; likewise <paramref name="TravelFee"/>.</param>
/// <param name="PartsNeeded">What the next visit needs (NeedsParts).</param>
/// <param name="SignedBy">Who signed the work order (业户签字); required when Completed.</param>
/// <param name="Signature">The customer's signature drawn on the screen, as an image data URL (png, jpeg, webp; at most 2 MB).</param>
/// <param name="Photos">Photos of the visit as image data URLs (at most 6, 2 MB each).</param>
public sealed record FieldTaskReport(string? Outcome, string? WorkDone, decimal? Hours, decimal? LabourFee, decimal? TravelFee,
    List<PartUsed>? PartsUsed, List<PartUsed>? PartsNeeded, string? SignedBy, DateTimeOffset? ArrivedAt, string? Notes,
    string? Signature = null, List<string?>? Photos = null);

public sealed record FieldTaskReported(Guid FieldTaskId, string Status, Guid? InstanceId, string StatusUrl);

/// <summary>
/// The technician's report of a visit: the field task is completed (or marked nobody-home, needs-parts, failed) and the
/// flow waiting on it is resumed, in one commit. A task reports once: a second report is a 409 with its state.
/// </summary>
internal static class FieldTaskReports
{
    public static readonly string[] Outcomes = ["Completed", "NeedsParts", "CustomerAbsent", "Failed"];

    public static IEndpointRouteBuilder MapFieldTaskReports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/field-tasks/{id:guid}/report", ReportAsync).WithTags("Field tasks")
            .Produces<FieldTaskReported>(202).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Report a visit (Completed, NeedsParts, CustomerAbsent, Failed) with work done, hours, parts, fees and sign-off; "
                + "resumes the request's flow");
        return app;
    }

    private static async Task<IResult> ReportAsync(Guid id, FieldTaskReport report, DbContext db, WorkflowClient workflows, TimeProvider clock,
        IServiceProvider services, global::System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var task = await db.Set<FieldTask>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
            return Problems.NotFound($"No field task has the id {id}.");
        if (await MyDayEndpoints.NotTheirsAsync(db, user, task, ct))
            return MyDayEndpoints.NotTheirs();
        if (task.Status is not (FieldTaskStatus.Scheduled or FieldTaskStatus.EnRoute or FieldTaskStatus.OnSite))
            return Problems.Conflict($"The field task was reported already: it is {task.Status}.",
                new Dictionary<string, object?> { ["status"] = task.Status.ToString() });

        var e = new FieldErrors();
        var outcome = Outcomes.FirstOrDefault(o => string.Equals(o, report.Outcome?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (outcome is null)
            e.Add("outcome", $"Choose one of: {string.Join(", ", Outcomes)}.");
        var workDone = e.Optional("workDone", report.WorkDone, 4000);
        if (outcome == "Completed" && workDone is null)
            e.Add("workDone", "A completed visit says what work was done.");
        var signedBy = e.Optional("signedBy", report.SignedBy);
        if (outcome == "Completed" && signedBy is null)
            e.Add("signedBy", "The customer signs the work order on acceptance: who signed?");
        if (report.Hours is < 0 or > 24 * 14)
            e.Add("hours", "Hours are between 0 and 336.");
        var (labour, travel) = (e.Money("labourFee", report.LabourFee), e.Money("travelFee", report.TravelFee));
        var used = Parts(e, "partsUsed", report.PartsUsed);
        var needed = Parts(e, "partsNeeded", report.PartsNeeded);
        if (outcome == "NeedsParts" && needed.Count == 0)
            e.Add("partsNeeded", "Name the parts the next visit needs.");
        var notes = e.Optional("notes", report.Notes, 2000);
        var now = clock.GetUtcNow();
        var actor = services.GetRequiredService<IAuditActor>();
        FieldTaskAttachments.Stage(db, e, id, report.Signature, report.Photos, actor.Name, now);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());

        task.Status = outcome switch
        {
            "Completed" => FieldTaskStatus.Completed,
            "CustomerAbsent" => FieldTaskStatus.NobodyHome,
            "NeedsParts" => FieldTaskStatus.NeedsParts,
            _ => FieldTaskStatus.Failed,
        };
        (task.WorkDone, task.PartsUsed, task.LabourMinutes) = (workDone, used, (int)Math.Round((report.Hours ?? 0) * 60));
        (task.LabourFee, task.TravelFee, task.Notes) = (labour, travel, notes);
        task.ArrivedAt = report.ArrivedAt?.ToUniversalTime() ?? task.ArrivedAt;
        task.CompletedAt = now;
        if (signedBy is not null)
            (task.SignedBy, task.SignedAt) = (signedBy, now);

        var request = await db.Set<ServiceRequest>().AsNoTracking().Where(r => r.Id == task.ServiceRequestId)
            .Select(r => new { r.InstanceId, r.Number }).FirstAsync(ct);
        var instanceId = request.InstanceId;
        // the parts fitted leave the technician's van in this commit; parts the van did not hold are left to the flow to note
        var stockTaken = used.Count > 0 && await VanStock.TakeAsync(db, clock, actor, task.TechnicianId, used, request.Number, ct);
        if (instanceId is { } instance)
        {
            var payload = JsonSerializer.SerializeToNode(new
            {
                outcome,
                workDone,
                hours = report.Hours ?? 0,
                labourFee = labour.Yuan,
                travelFee = travel.Yuan,
                partsUsed = used,
                partsNeeded = needed,
                signedBy,
                notes,
                stockTaken,
            }, JsonSerializerOptions.Web);
            workflows.Resume(instance, "FieldTask", task.Id.ToString(), payload, outcome);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var now2 = await db.Set<FieldTask>().AsNoTracking().FirstAsync(t => t.Id == id, ct);
            if (now2.Status is FieldTaskStatus.Scheduled or FieldTaskStatus.EnRoute or FieldTaskStatus.OnSite)
                return Problems.Conflict("The van's stock changed at the same moment; send the report again.");
            return Problems.Conflict($"The field task was reported at the same moment: it is {now2.Status}.",
                new Dictionary<string, object?> { ["status"] = now2.Status.ToString() });
        }
        return TypedResults.Accepted($"/api/field-tasks/{id}",
            new FieldTaskReported(id, task.Status.ToString(), instanceId, $"/api/field-tasks/{id}"));
    }

    private static List<PartUsed> Parts(FieldErrors e, string field, List<PartUsed>? parts)
    {
        parts ??= [];
        for (var n = 0; n < parts.Count; n++)
        {
            e.Required($"{field}[{n}].partNumber", parts[n]?.PartNumber, 64);
            e.Range($"{field}[{n}].quantity", parts[n]?.Quantity, 1, 10_000);
        }
        return parts.Where(p => p is not null).ToList();
    }
}
