using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Domain.Rmas;

public enum RmaStatus
{
    Authorised,
    InTransitIn,
    Received,
    Diagnosed,
    Repaired,
    Replaced,
    Scrapped,
    Shipped,
    Closed,
}

public enum RmaDisposition
{
    Repair,
    Replace,
    Refund,
    Scrap,
}

/// <summary>
/// A return authorisation (退返, 返修): the product comes in with a tracking number, is received and diagnosed,
/// repaired, replaced or scrapped, and goes back out (we pay the return shipping). Turnaround is promised as 3–5 days
/// from receipt, shipping not counted.
/// </summary>
public sealed class Rma : GuidRecord, ISandboxRecord
{
    /// <summary><c>RMA-yyyy-nnnnnn</c>, unique; a test run's is <c>TEST-…</c>.</summary>
    public required string Number { get; set; }

    public Guid CustomerId { get; set; }

    public Guid? ServiceRequestId { get; set; }

    public Guid? InstalledProductId { get; set; }

    public RmaStatus Status { get; set; }

    public required string Reason { get; set; }

    public string? InboundCarrier { get; set; }

    public string? InboundTracking { get; set; }

    public DateTimeOffset? ReceivedAt { get; set; }

    public string? Diagnosis { get; set; }

    public RmaDisposition? Disposition { get; set; }

    public string? OutboundCarrier { get; set; }

    public string? OutboundTracking { get; set; }

    public DateTimeOffset? ShippedAt { get; set; }

    /// <summary>An RMA of a designer test run's sandbox request: in no list, lookup or report (a global filter).</summary>
    public bool Sandbox { get; set; }
}

internal sealed class RmaConfiguration : IEntityTypeConfiguration<Rma>
{
    public void Configure(EntityTypeBuilder<Rma> e)
    {
        e.ToTable("rmas");
        e.HasKey(x => x.Id);
        e.Property(x => x.Number).HasMaxLength(32);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Disposition).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(2000);
        e.Property(x => x.Diagnosis).HasMaxLength(4000);
        foreach (var field in new[] { "InboundCarrier", "InboundTracking", "OutboundCarrier", "OutboundTracking" })
            e.Property<string?>(field).HasMaxLength(100);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<InstalledProduct>().WithMany().HasForeignKey(x => x.InstalledProductId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Number).IsUnique();
        e.HasQueryFilter(x => !x.Sandbox);
        e.HasIndex(x => x.CustomerId);
        e.HasIndex(x => x.ServiceRequestId);
        e.HasIndex(x => x.Status);
        e.HasIndex(x => x.InboundTracking);
    }
}
