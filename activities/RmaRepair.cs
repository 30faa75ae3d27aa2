using System.Text.Json.Nodes;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Rmas;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.Activities;

/// <summary>
/// The depot repair (返修) of a received RMA: a technician's task to diagnose it and repair it, replace it with a new
/// unit, or scrap it. The diagnosis and disposition go on the RMA; the depot's labour is added to the request's costs.
/// </summary>
public sealed class RmaRepair : Activity
{
    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "RmaRepair",
        Category = AfterSales.Category,
        DisplayName = "Depot repair",
        Description = "A depot technician diagnoses the returned product and repairs, replaces or scraps it.",
        Kind = ActivityKind.Blocking,
        Outcomes = ["Repaired", "Replaced", "Scrapped"],
        RequiredOutcomes = ["Repaired"],
        Inputs =
        [
            new("role", "Role", "string", "role", Default: "technician"),
            new("dueIn", "Due in", "duration", "duration", Default: "P3D", Description: "The promised turnaround: 3–5 days from receipt."),
        ],
        Outputs = [new("diagnosis", "string"), new("labour", "number", "Yuan added to the request's labour cost.")],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        var due = context.InputDuration("dueIn") is { } dueIn ? context.Now + dueIn : (DateTimeOffset?)null;
        return ActivityResult.Suspend(AfterSales.OpenTask(context, $"Depot repair of {rma.Number} ({request.Number})",
            $"{rma.Reason} Diagnose it, then repair it, replace it with a new unit, or scrap it.", context.InputString("role"), null,
            ["Repaired", "Replaced", "Scrapped"],
            [AfterSales.Field("diagnosis", "Diagnosis", "text", required: true), AfterSales.Field("labourFee", "Labour (yuan)", "number", min: 0)],
            due));
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var rma = await AfterSales.RmaAsync(context, request);
        var outcome = stimulus.Outcome is "Replaced" or "Scrapped" ? stimulus.Outcome : "Repaired";
        var diagnosis = AfterSales.Text(stimulus.Payload, "diagnosis");
        rma.Diagnosis = diagnosis is { Length: > 4000 } ? diagnosis[..4000] : diagnosis;
        (rma.Status, rma.Disposition) = outcome switch
        {
            "Replaced" => (RmaStatus.Replaced, RmaDisposition.Replace),
            "Scrapped" => (RmaStatus.Scrapped, RmaDisposition.Scrap),
            _ => (RmaStatus.Repaired, RmaDisposition.Repair),
        };
        var labour = Money.FromYuan(Math.Max(0, AfterSales.Number(stimulus.Payload?["labourFee"]) ?? 0m));
        await RequestWork.AddCostsAsync(context.Db, request, [], labour, Money.Zero, context.Cancellation);
        return AfterSales.Done(outcome, new JsonObject { ["diagnosis"] = rma.Diagnosis, ["labour"] = labour.Yuan });
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
