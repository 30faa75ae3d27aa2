using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Warranty;
using Orchestrator.Workflows.Definitions;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Requests;

/// <param name="Type">installation, repair (in or out of warranty by the product's warranty today), complaint, return, maintenance.</param>
/// <param name="ExternalId">Your id of the request: a second intake with the same id gets the first answer and creates nothing.</param>
/// <param name="SerialNumber">The product; an unknown serial number registers it (then <paramref name="Model"/> is required).</param>
/// <param name="Model">The model code of a product to register.</param>
/// <param name="SaleDate">When a product to register was sold (default: today).</param>
public sealed record NewServiceRequest(string? Type, string? ExternalId, NewRequestCustomer? Customer, string? SerialNumber, string? Model,
    DateOnly? SaleDate, string? Symptom, string? Priority, string? Channel);

/// <summary>An existing customer by <paramref name="Id"/> or <paramref name="ExternalId"/>, or a new one from the other fields.</summary>
public sealed record NewRequestCustomer(Guid? Id, string? ExternalId, string? Name, string? Phone, string? Email, string? Region, string? Address);

/// <summary>The answer to an intake (202).</summary>
public sealed record AcceptedServiceRequest(Guid RequestId, string Number, string Status, Guid? InstanceId, string? DefinitionId,
    int? DefinitionVersion, string StatusUrl);

public abstract record IntakeResult
{
    public sealed record Accepted(AcceptedServiceRequest Answer, bool Repeated) : IntakeResult;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : IntakeResult;

    public sealed record Unprocessable(string Field, string Message) : IntakeResult;

    public sealed record Conflict(string Message) : IntakeResult;
}

/// <summary>
/// Opens a service request and starts the flow for its type, in one commit: the customer (found or created), the
/// product (found or registered), the request with its SLA due times under the published policy, the instance and its
/// start. <c>POST /api/requests</c> and the <c>ServiceRequest</c> webhook action both come here with the same body.
/// </summary>
public sealed class RequestIntake(DbContext db, WorkflowClient workflows, TimeProvider clock, IServiceProvider services)
{
    /// <summary>The shipped flow of each request type.</summary>
    public static string FlowOf(ServiceRequestType type) => type switch
    {
        ServiceRequestType.Installation => "installation",
        ServiceRequestType.InWarrantyRepair => "in-warranty-repair",
        ServiceRequestType.OutOfWarrantyRepair => "out-of-warranty-repair",
        ServiceRequestType.Complaint => "complaint",
        ServiceRequestType.Return => "return",
        _ => "preventive-maintenance",
    };

    /// <param name="commit">False: leave the changes in the context for the caller to commit with its own (the webhook receipt).</param>
    /// <param name="testRun">
    /// A designer test run's frozen draft: the request is a throwaway sandbox one (number <c>TEST-…</c>, no SLA, hidden from every
    /// list and report) of a known customer and product, and the instance runs the draft in sandbox mode.
    /// </param>
    public async Task<IntakeResult> OpenAsync(NewServiceRequest body, RequestChannel defaultChannel, CancellationToken ct, bool commit = true,
        Workflows.Persistence.DefinitionRecord? testRun = null)
    {
        var e = new FieldErrors();
        var externalId = testRun is null ? e.Optional("externalId", body.ExternalId, 200) : null;
        if (externalId is not null && await ExistingAsync(externalId, ct) is { } first)
            return new IntakeResult.Accepted(first, true);

        var kind = ParseType(e, body.Type);
        var symptom = kind is RequestKind.Installation or RequestKind.Maintenance
            ? e.Optional("symptom", body.Symptom, 4000) ?? (kind == RequestKind.Installation ? "Installation and acceptance" : "Preventive maintenance")
            : e.Required("symptom", body.Symptom, 4000);
        var priority = e.Enum("priority", body.Priority, RequestPriority.Normal);
        var channel = e.Enum("channel", body.Channel, defaultChannel);
        var (customer, newCustomer) = await CustomerAsync(e, body.Customer, ct);
        var (product, model) = await ProductAsync(e, body, kind, customer, ct);
        if (testRun is not null && newCustomer is not null)
            e.Add("customer", "A test run uses a known customer (its id or externalId); it registers nobody.");
        if (testRun is not null && model is not null)
            e.Add("serialNumber", "A test run uses a registered serial number; it registers no product.");
        if (e.Any)
        {
            // a twin with the same externalId may have committed meanwhile (its new customer now owns the serial): answer as it did
            if (externalId is not null && await ExistingAsync(externalId, ct) is { } twin)
                return new IntakeResult.Accepted(twin, true);
            return new IntakeResult.Invalid(e.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var type = kind switch
        {
            RequestKind.Installation => ServiceRequestType.Installation,
            RequestKind.Complaint => ServiceRequestType.Complaint,
            RequestKind.Return => ServiceRequestType.Return,
            RequestKind.Maintenance => ServiceRequestType.PreventiveMaintenance,
            RequestKind.InWarrantyRepair => ServiceRequestType.InWarrantyRepair,
            RequestKind.OutOfWarrantyRepair => ServiceRequestType.OutOfWarrantyRepair,
            _ => product is not null && model is null
                ? RequestWork.RepairType((await RequestWork.WarrantyOfAsync(db, product, DateOnly.FromDateTime(now.UtcDateTime), ct)).Remedy)
                : ServiceRequestType.InWarrantyRepair,
        };
        var flow = testRun ?? await DefinitionQueries.PublishedAsync(db, FlowOf(type), ct);
        if (flow is null)
            return new IntakeResult.Unprocessable("type", $"The flow '{FlowOf(type)}' for {type} requests has no published version; nothing was created.");

        // numbers are taken in their own commits before anything is added (a failed intake leaves a gap, as numbering allows)
        var number = testRun is null
            ? await NumberSequences.NextYearlyAsync(db, "SR", now.UtcDateTime.Year, ct)
            : SandboxNumbers.Next(); // real numbering keeps no gap for a test run
        if (newCustomer is not null)
        {
            newCustomer.Code = $"CU{await NumberSequences.NextAsync(db, "CU", ct):000000}";
            db.Add(newCustomer);
        }
        if (model is not null)
        {
            product!.WarrantyEnd = WarrantyEvaluator.Evaluate(product.Facts(model.WarrantyMonths, null), product.SaleDate).WarrantyEnd;
            db.Add(product);
        }
        var request = new ServiceRequest
        {
            Number = number,
            ExternalId = externalId,
            Type = type,
            Channel = channel,
            CustomerId = customer!.Id,
            InstalledProductId = product?.Id,
            Symptom = symptom,
            Priority = priority,
            Status = ServiceRequestStatus.Pending,
            Region = customer.Region,
            ProductLine = product?.ProductLine,
            ContactName = customer.Name,
            ContactPhone = customer.Phone,
            OpenedAt = now,
            Sandbox = testRun is not null,
        };
        // the same SLA evaluation as the records API: due times, the status history the clock pauses on, escalation timers
        if (testRun is null)
            await RequestSla.EvaluateAsync(new Records.RecordContext(db, clock, services, ct), request, customer, product);
        db.Add(request);
        var started = await workflows.StartAsync(flow.DefinitionId,
            new JsonObject { ["requestId"] = request.Id.ToString(), ["number"] = number, ["type"] = type.ToString() }, number, ct,
            sandbox: testRun is not null, version: flow);
        request.InstanceId = started!.InstanceId;
        if (!commit)
            return new IntakeResult.Accepted(Answer(request, flow.DefinitionId, flow.Version), false);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // the same externalId at the same moment: its twin committed first; answer as it did
            db.ChangeTracker.Clear();
            if (externalId is not null && await ExistingAsync(externalId, ct) is { } twin)
                return new IntakeResult.Accepted(twin, true);
            return new IntakeResult.Conflict("Another intake registered the same customer or serial number at the same moment; send it again.");
        }
        return new IntakeResult.Accepted(Answer(request, flow.DefinitionId, flow.Version), false);
    }

    private async Task<AcceptedServiceRequest?> ExistingAsync(string externalId, CancellationToken ct)
    {
        var request = await db.Set<ServiceRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.ExternalId == externalId, ct);
        if (request is null)
            return null;
        var instance = request.InstanceId is { } id
            ? await db.Set<Workflows.Persistence.InstanceRecord>().AsNoTracking().Where(i => i.Id == id)
                .Select(i => new { i.DefinitionId, i.DefinitionVersion }).FirstOrDefaultAsync(ct)
            : null;
        return Answer(request, instance?.DefinitionId, instance?.DefinitionVersion);
    }

    private static AcceptedServiceRequest Answer(ServiceRequest r, string? definitionId, int? version) =>
        new(r.Id, r.Number, r.Status.ToString(), r.InstanceId, definitionId, version, $"/api/requests/{r.Id}");

    private enum RequestKind { Installation, Repair, InWarrantyRepair, OutOfWarrantyRepair, Complaint, Return, Maintenance }

    private static RequestKind ParseType(FieldErrors e, string? type)
    {
        var kind = type?.Trim().ToLowerInvariant() switch
        {
            "installation" => RequestKind.Installation,
            "repair" => RequestKind.Repair,
            "inwarrantyrepair" or "in-warranty-repair" => RequestKind.InWarrantyRepair,
            "outofwarrantyrepair" or "out-of-warranty-repair" => RequestKind.OutOfWarrantyRepair,
            "complaint" => RequestKind.Complaint,
            "return" => RequestKind.Return,
            "maintenance" or "preventivemaintenance" or "preventive-maintenance" => RequestKind.Maintenance,
            _ => (RequestKind?)null,
        };
        if (kind is null)
            e.Add("type", type is null ? "type is required: installation, repair, complaint, return or maintenance."
                : $"'{type}' is no request type: installation, repair, complaint, return or maintenance.");
        return kind ?? RequestKind.Repair;
    }

    /// <summary>The customer named by id or externalId; otherwise a new one from the inline fields (not yet added).</summary>
    private async Task<(Customer? Customer, Customer? New)> CustomerAsync(FieldErrors e, NewRequestCustomer? c, CancellationToken ct)
    {
        if (c is null)
        {
            e.Add("customer", "customer is required: { id } or { externalId } of a known customer, or name, phone, email, region, address.");
            return (null, null);
        }
        if (c.Id is { } id)
        {
            var found = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (found is null)
                e.Add("customer.id", $"No customer has the id {id}.");
            return (found, null);
        }
        var externalId = e.Optional("customer.externalId", c.ExternalId, 200);
        if (externalId is not null && await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(x => x.ExternalId == externalId, ct) is { } known)
            return (known, null);
        var name = e.Required("customer.name", c.Name);
        var phone = e.Optional("customer.phone", c.Phone, 40);
        var email = e.Email("customer.email", c.Email);
        var region = e.Optional("customer.region", c.Region, 100);
        var address = e.Optional("customer.address", c.Address, 500);
        var created = new Customer
        {
            Code = "",
            Name = name,
            Phone = phone,
            Email = email,
            Region = region,
            ExternalId = externalId,
            Addresses = address is null ? [] : [new CustomerAddress("Site", null, null, null, address, null, true)],
        };
        return (created, created);
    }

    /// <summary>The product by serial number, or a new one to register (with its model; not yet added).</summary>
    private async Task<(InstalledProduct? Product, ProductModel? NewOf)> ProductAsync(FieldErrors e, NewServiceRequest body, RequestKind kind,
        Customer? customer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.SerialNumber))
        {
            if (kind != RequestKind.Complaint)
                e.Add("serialNumber", "serialNumber is required (an unknown one registers the product).");
            return (null, null);
        }
        var serial = SerialNumber.Normalize(body.SerialNumber);
        if (serial is null)
        {
            e.Add("serialNumber", "A serial number is 3–64 letters, digits and - _ / . (starting with a letter or digit).");
            return (null, null);
        }
        var product = await db.Set<InstalledProduct>().AsNoTracking().FirstOrDefaultAsync(p => p.SerialNumber == serial, ct);
        if (product is not null)
        {
            if (customer is not null && customer.Id != product.CustomerId)
                e.Add("serialNumber", $"The product {serial} is registered to another customer.");
            return (product, null);
        }
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            e.Add("model", $"The serial number {serial} is not registered; give its model code to register it.");
            return (null, null);
        }
        var model = await db.Set<ProductModel>().AsNoTracking().FirstOrDefaultAsync(m => m.ModelCode == body.Model.Trim(), ct);
        if (model is null)
        {
            e.Add("model", $"No product model has the code '{body.Model}'.");
            return (null, null);
        }
        if (customer is null)
            return (null, null);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (body.SaleDate > today)
            e.Add("saleDate", "The sale date cannot be in the future.");
        return (new InstalledProduct
        {
            SerialNumber = serial,
            ModelId = model.Id,
            CustomerId = customer.Id,
            ProductLine = model.ProductLine,
            SaleDate = body.SaleDate ?? today,
            SiteAddress = customer.Addresses.FirstOrDefault()?.Line,
        }, model);
    }
}
