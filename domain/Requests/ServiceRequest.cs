using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Customers;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Teams;

namespace Orchestrator.Domain.Requests;

/// <summary>
/// A service request (服务请求 / 报修单 / 工单): what the customer reported, how it is handled, the SLA it runs under
/// and what it cost. The workflow instance that runs it is linked by <see cref="InstanceId"/>, a plain column: the
/// domain does not know the engine.
/// </summary>
public sealed class ServiceRequest : GuidRecord, IAuditLockable, ISandboxRecord
{
    /// <summary><c>SR-yyyy-nnnnnn</c>, unique.</summary>
    public required string Number { get; set; }

    public ServiceRequestType Type { get; set; }

    public RequestChannel Channel { get; set; }

    public Guid CustomerId { get; set; }

    public Guid? InstalledProductId { get; set; }

    /// <summary>What the customer describes (故障现象).</summary>
    public required string Symptom { get; set; }

    public RequestPriority Priority { get; set; } = RequestPriority.Normal;

    public ServiceRequestStatus Status { get; set; }

    /// <summary>Region of the site (from the customer unless given); assignment and SLA rules match on it.</summary>
    public string? Region { get; set; }

    /// <summary>Product line of the installed product, when there is one.</summary>
    public string? ProductLine { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public Guid? TeamId { get; set; }

    public Guid? AssigneeId { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>When the customer first got an answer (the first-response target is met then).</summary>
    public DateTimeOffset? FirstRespondedAt { get; set; }

    /// <summary>When the technician arrived on site (the on-site target is met then).</summary>
    public DateTimeOffset? ArrivedAt { get; set; }

    public DateTimeOffset? WorkStartedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>How the fault was solved, for the callback and the knowledge base.</summary>
    public string? Resolution { get; set; }

    /// <summary>The knowledge-base article that solved it, if one did: resolving the request counts a use of the article.</summary>
    public string? KnowledgeArticleId { get; set; }

    /// <summary>The SLA policy the request was evaluated under when opened; a later version never changes it.</summary>
    public string? SlaPolicyId { get; set; }

    public int? SlaPolicyVersion { get; set; }

    public string? SlaRuleId { get; set; }

    public DateTimeOffset? FirstResponseDue { get; set; }

    public DateTimeOffset? OnSiteDue { get; set; }

    public DateTimeOffset? ResolutionDue { get; set; }

    /// <summary>Parts cost (备件费用).</summary>
    public Money PartsCost { get; set; }

    /// <summary>Labour / service cost (服务费用).</summary>
    public Money LabourCost { get; set; }

    /// <summary>Travel cost (交通费用).</summary>
    public Money TravelCost { get; set; }

    public Money TotalCost => PartsCost + LabourCost + TravelCost;

    /// <summary>The workflow instance handling the request, if one runs.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>The caller's id of the request (a CRM ticket); unique, so a repeated intake finds the first request.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The warranty remedy CheckWarranty decided for the request, and why.</summary>
    public Warranty.Remedy? WarrantyRemedy { get; set; }

    public string? WarrantyReason { get; set; }

    /// <summary>The request this one follows up (a complaint opened from a poor callback score).</summary>
    public Guid? RelatedRequestId { get; set; }

    public DateTimeOffset? AuditedAt { get; set; }

    /// <summary>
    /// A throwaway request of a designer test run: every query leaves it out (a global filter) — request lists, reports, SLA
    /// sweeps, assignment loads — except the flow's own steps, which find it through <see cref="RequestWork.ForInstanceAsync"/>.
    /// The RMA, callback and complaint its steps open are sandbox records too.
    /// </summary>
    public bool Sandbox { get; set; }

    public string? AuditedBy { get; set; }

    /// <summary>Resolved, completed or closed: the fault is fixed.</summary>
    public static bool IsResolved(ServiceRequestStatus status) =>
        status is ServiceRequestStatus.Resolved or ServiceRequestStatus.ServiceCompleted or ServiceRequestStatus.Closed;

    public string? NotReadyForAudit() =>
        Status is ServiceRequestStatus.Resolved or ServiceRequestStatus.ServiceCompleted or ServiceRequestStatus.Closed
            ? null
            : $"Service request {Number} is {Status}; only a resolved, completed or closed request can be audited.";
}

internal sealed class ServiceRequestConfiguration : IEntityTypeConfiguration<ServiceRequest>
{
    public void Configure(EntityTypeBuilder<ServiceRequest> e)
    {
        e.ToTable("service_requests");
        e.HasKey(x => x.Id);
        e.Property(x => x.Number).HasMaxLength(32);
        e.Property(x => x.Type).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Priority).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Symptom).HasMaxLength(4000);
        e.Property(x => x.Region).HasMaxLength(100);
        e.Property(x => x.ProductLine).HasMaxLength(64);
        e.Property(x => x.ContactName).HasMaxLength(200);
        e.Property(x => x.ContactPhone).HasMaxLength(40);
        e.Property(x => x.Resolution).HasMaxLength(4000);
        e.Property(x => x.KnowledgeArticleId).HasMaxLength(32);
        e.Property(x => x.AuditedBy).HasMaxLength(200);
        e.Property(x => x.PartsCost).HasConversion<MoneyConverter>();
        e.Property(x => x.LabourCost).HasConversion<MoneyConverter>();
        e.Property(x => x.TravelCost).HasConversion<MoneyConverter>();
        e.Ignore(x => x.TotalCost);
        e.Property(x => x.SlaPolicyId).HasMaxLength(64);
        e.Property(x => x.ExternalId).HasMaxLength(200);
        e.Property(x => x.WarrantyRemedy).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.WarrantyReason).HasMaxLength(500);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.RelatedRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.ExternalId).IsUnique();
        e.HasQueryFilter(x => !x.Sandbox);
        e.HasIndex(x => x.RelatedRequestId);
        e.Property(x => x.SlaRuleId).HasMaxLength(100);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<InstalledProduct>().WithMany().HasForeignKey(x => x.InstalledProductId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<TeamRecord>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<TechnicianRecord>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Number).IsUnique();
        e.HasIndex(x => new { x.Status, x.OpenedAt });
        e.HasIndex(x => x.OpenedAt);
        e.HasIndex(x => x.CustomerId);
        e.HasIndex(x => x.InstalledProductId);
        e.HasIndex(x => new { x.AssigneeId, x.Status });
        e.HasIndex(x => x.TeamId);
        e.HasIndex(x => x.Type);
        e.HasIndex(x => x.Priority);
        e.HasIndex(x => x.InstanceId);
        e.HasIndex(x => x.ResolutionDue);
    }
}
