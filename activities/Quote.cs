using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Parts;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Workflows.Activities;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Activities;

/// <summary>
/// An out-of-warranty quote (报价): labour, travel and parts at their list price, sent to the customer (the <c>quote</c>
/// email template) while the request waits for the customer (its SLA clock stops). The customer accepts or rejects it
/// through an agent (the task), or by the <c>quote.answer</c> event keyed by the request number (the events API or a
/// webhook): <c>{ "accepted": true }</c>. A quote nobody answered by its validity end is Rejected.
/// </summary>
public sealed class Quote : Activity
{
    /// <summary>The customer's answer, keyed by the request number.</summary>
    public const string AnswerEvent = "quote.answer";

    public override ActivityDescriptor Descriptor { get; } = new()
    {
        Type = "Quote",
        Category = AfterSales.Category,
        DisplayName = "Quote",
        Description = "Prices an out-of-warranty repair (labour, travel, parts), sends it to the customer and waits for accept or reject; expiry rejects.",
        Kind = ActivityKind.Blocking,
        AcceptsTimeout = false,
        Outcomes = ["Accepted", "Rejected"],
        RequiredOutcomes = ["Accepted"],
        Inputs =
        [
            new("labour", "Labour (yuan)", "number", "number", Default: 0, Description: "From the service price list."),
            new("travel", "Travel (yuan)", "number", "number", Default: 0),
            new("parts", "Parts", "list", "json", Description: "[{ partNumber, quantity }] at their list price."),
            new("validFor", "Valid for", "duration", "duration", Default: "P7D", Description: "Unanswered by then: Rejected."),
            new("role", "Role", "string", "role", Default: "agent", Description: "Who records an answer the customer gives by phone."),
        ],
        Outputs =
        [
            new("total", "number", "Yuan."), new("labour", "number"), new("travel", "number"), new("parts", "number"),
            new("lines", "list", "{ description, amount }"), new("validUntil", "datetime"),
            new("answeredBy", "string", "customer (event), the agent's name, or expired."), new("reason", "string"),
        ],
    };

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var request = await AfterSales.RequestAsync(context);
        var labour = Money.FromYuan(AfterSales.Number(context.Input("labour")) ?? 0m);
        var travel = Money.FromYuan(AfterSales.Number(context.Input("travel")) ?? 0m);
        if (labour.Fen < 0 || travel.Fen < 0)
            return ActivityResult.Fault("A quote's labour and travel are not negative.");
        var parts = DispatchFieldTask.Parts(context.Input("parts"));
        var numbers = parts.Select(p => p.PartNumber).Distinct().ToList();
        var prices = await context.Db.Set<PartRecord>().AsNoTracking().Where(p => numbers.Contains(p.PartNumber))
            .ToDictionaryAsync(p => p.PartNumber, p => (p.Name, p.UnitPrice), context.Cancellation);
        if (numbers.FirstOrDefault(n => !prices.ContainsKey(n)) is { } unknown)
            return ActivityResult.Fault($"The quote names the part '{unknown}', which is not in the parts list.");
        var lines = new JsonArray();
        if (labour.Fen > 0) lines.Add(new JsonObject { ["description"] = "Labour", ["amount"] = labour.Yuan });
        if (travel.Fen > 0) lines.Add(new JsonObject { ["description"] = "Travel", ["amount"] = travel.Yuan });
        var partsTotal = Money.Zero;
        foreach (var p in parts)
        {
            var amount = new Money(prices[p.PartNumber].UnitPrice.Fen * p.Quantity);
            partsTotal += amount;
            lines.Add(new JsonObject { ["description"] = $"{p.Quantity} × {prices[p.PartNumber].Name} ({p.PartNumber})", ["amount"] = amount.Yuan });
        }
        var total = labour + travel + partsTotal;
        var validUntil = context.Now + (context.InputDuration("validFor") ?? TimeSpan.FromDays(7));
        var quote = new JsonObject
        {
            ["total"] = total.Yuan,
            ["labour"] = labour.Yuan,
            ["travel"] = travel.Yuan,
            ["parts"] = partsTotal.Yuan,
            ["lines"] = lines,
            ["validUntil"] = validUntil.ToString("O"),
        };
        context.SetVariable($"quote_{context.ActivityId}", quote.DeepClone());
        var productName = request.InstalledProductId is { } pid
            ? await (from p in context.Db.Set<InstalledProduct>().AsNoTracking()
                     join m in context.Db.Set<ProductModel>().AsNoTracking() on p.ModelId equals m.Id
                     where p.Id == pid
                     select m.Name).FirstOrDefaultAsync(context.Cancellation)
            : null;
        await AfterSales.EmailCustomerAsync(context, request, "quote", new JsonObject
        {
            ["productName"] = productName ?? "product",
            ["lines"] = lines.DeepClone(),
            ["total"] = total.Yuan,
            ["currency"] = "CNY",
            ["validUntil"] = validUntil.ToString("yyyy-MM-dd HH:mm 'UTC'"),
        });
        RequestWork.SetStatus(request, ServiceRequestStatus.WaitingForCustomer, context.Now);
        context.Log($"Quote for {request.Number}: {total.Yuan} yuan, valid until {validUntil:u}");
        return ActivityResult.Suspend([
            AfterSales.OpenTask(context, $"Quote for {request.Number}: {total.Yuan} yuan — record the customer's answer",
                $"Out of warranty: {string.Join("; ", lines.Select(l => $"{l!["description"]} {l["amount"]}"))}. Total {total.Yuan} yuan, "
                + $"valid until {validUntil:yyyy-MM-dd HH:mm} UTC.",
                context.InputString("role"), null, ["Accept", "Reject"], [AfterSales.Field("reason", "Reason", "text")], validUntil),
            new BookmarkRequest(BookmarkNames.EventPrefix + AnswerEvent, request.Number),
            new BookmarkRequest(BookmarkNames.Timer, context.ActivityInstanceId, null, validUntil),
        ]);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Stimulus stimulus)
    {
        var request = await AfterSales.RequestAsync(context);
        var output = (context.Evaluate($"vars.quote_{context.ActivityId}") as JsonObject)?.DeepClone().AsObject() ?? [];
        bool accepted;
        string by;
        if (stimulus.BookmarkName == BookmarkNames.Timer)
            (accepted, by, output["reason"]) = (false, "expired", "The customer did not answer before the quote expired.");
        else if (stimulus.BookmarkName == BookmarkNames.HumanTask)
        {
            var task = await context.Store.FindAsync<Workflows.Persistence.HumanTaskRecord>(t => t.Id == context.ExecutionGuid, context.Cancellation);
            (accepted, by, output["reason"]) = (stimulus.Outcome == "Accept", task?.CompletedBy ?? "agent", AfterSales.Text(stimulus.Payload, "reason"));
        }
        else
        {
            if (AfterSales.Yes(stimulus.Payload, "accepted", "accept", "accepted") is not { } answer)
                return ActivityResult.Fault("The quote answer needs { \"accepted\": true | false } (or \"answer\": \"accept\" | \"reject\").");
            (accepted, by, output["reason"]) = (answer, "customer", AfterSales.Text(stimulus.Payload, "reason"));
        }
        if (stimulus.BookmarkName != BookmarkNames.HumanTask)
            await AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
        output["answeredBy"] = by;
        if (request.Status == ServiceRequestStatus.WaitingForCustomer)
            RequestWork.SetStatus(request, ServiceRequestStatus.Pending, context.Now);
        context.Log($"Quote for {request.Number} {(accepted ? "accepted" : "rejected")} by {by}");
        return AfterSales.Done(accepted ? "Accepted" : "Rejected", output);
    }

    public override ValueTask WithdrawAsync(ActivityContext context) => AfterSales.CancelTaskAsync(context, context.ExecutionGuid);
}
