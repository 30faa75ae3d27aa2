namespace Orchestrator.Domain.Parts;

/// <summary>One stock movement. <paramref name="Reference"/> is the document behind it: delivery note, job, RMA.</summary>
public abstract record StockMovement(string PartNumber, int Quantity, string? Reference);

/// <summary>Goods received into a warehouse (入库).</summary>
public sealed record Receive(string PartNumber, StockLocation Warehouse, int Quantity, string? Reference = null)
    : StockMovement(PartNumber, Quantity, Reference);

/// <summary>Parts issued from a warehouse to a technician's van (领取/出库).</summary>
public sealed record IssueToTechnician(
    string PartNumber, StockLocation Warehouse, StockLocation Van, int Quantity, string? Reference = null)
    : StockMovement(PartNumber, Quantity, Reference);

/// <summary>Parts fitted on a job from the technician's van (消耗); <paramref name="JobReference"/> is required.</summary>
public sealed record Consume(string PartNumber, StockLocation Van, int Quantity, string JobReference)
    : StockMovement(PartNumber, Quantity, JobReference);

/// <summary>Unused parts handed back from a van to a warehouse (退回).</summary>
public sealed record ReturnUnused(
    string PartNumber, StockLocation Van, StockLocation Warehouse, int Quantity, string? Reference = null)
    : StockMovement(PartNumber, Quantity, Reference);

/// <summary>
/// Defective parts removed from customers' units and handed in by a technician (坏件归还). They enter the warehouse's
/// <see cref="StockLocation.DefectiveBin"/>; the van's usable stock does not change.
/// </summary>
public sealed record ReturnDefective(
    string PartNumber, StockLocation Van, StockLocation Warehouse, int Quantity, string? Reference = null)
    : StockMovement(PartNumber, Quantity, Reference);

/// <summary>Parts written off (报废) from any location, usually a defective bin.</summary>
public sealed record Scrap(string PartNumber, StockLocation From, int Quantity, string? Reference = null)
    : StockMovement(PartNumber, Quantity, Reference);

/// <summary>Parts set aside for a job at a warehouse or van; <paramref name="JobReference"/> is required.</summary>
public sealed record Reserve(string PartNumber, StockLocation Location, int Quantity, string JobReference)
    : StockMovement(PartNumber, Quantity, JobReference);

/// <summary>A reservation given back; <paramref name="JobReference"/> is required.</summary>
public sealed record ReleaseReservation(string PartNumber, StockLocation Location, int Quantity, string JobReference)
    : StockMovement(PartNumber, Quantity, JobReference);
