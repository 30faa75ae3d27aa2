using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>An inbound endpoint added through the admin API (configured ones live in <c>Webhooks:Endpoints</c>).</summary>
public sealed class WebhookEndpointRecord
{
    public required string Name { get; set; }

    /// <summary>The signing secrets (one, or two while rotating), protected with ASP.NET Core Data Protection.</summary>
    public string ProtectedSecrets { get; set; } = "";

    /// <summary>What a verified payload does, as JSON (<see cref="WebhookAction"/>).</summary>
    public required string Action { get; set; }
    public int? PermitsPerMinute { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// The first answer to a webhook-id (and to an integrator's externalId) on an endpoint, written in the same
/// transaction as what the webhook did: a repeat gets this answer again and creates nothing.
/// </summary>
public sealed class WebhookReceiptRecord
{
    public Guid Id { get; set; }
    public required string Endpoint { get; set; }
    public required string WebhookId { get; set; }
    public string? ExternalId { get; set; }
    public int StatusCode { get; set; }
    public required string Response { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>Someone outside who wants to hear about events (task.created, request.closed…), signed with their secret.</summary>
public sealed class WebhookSubscriptionRecord
{
    public Guid Id { get; set; }
    public required string Url { get; set; }

    /// <summary>JSON array of event types.</summary>
    public required string Events { get; set; }
    public required string ProtectedSecret { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One event for one subscription; its outbox row (same id) carries the payload, status and attempts.</summary>
public sealed class WebhookDeliveryRecord
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public required string EventType { get; set; }

    /// <summary>The <c>webhook-id</c>: the same on every attempt and redelivery.</summary>
    public required string MessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The Data Protection key ring, shared by every node through the database.</summary>
public sealed class DataProtectionKeyRecord
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}

internal sealed class WebhookEndpointRecordConfiguration : IEntityTypeConfiguration<WebhookEndpointRecord>
{
    public void Configure(EntityTypeBuilder<WebhookEndpointRecord> e)
    {
        e.ToTable("webhook_endpoints");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(64);
        e.Property(x => x.Description).HasMaxLength(500);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class WebhookReceiptRecordConfiguration : IEntityTypeConfiguration<WebhookReceiptRecord>
{
    public void Configure(EntityTypeBuilder<WebhookReceiptRecord> e)
    {
        e.ToTable("webhook_receipts");
        e.HasKey(x => x.Id);
        e.Property(x => x.Endpoint).HasMaxLength(64);
        e.Property(x => x.WebhookId).HasMaxLength(200);
        e.Property(x => x.ExternalId).HasMaxLength(200);
        e.HasIndex(x => new { x.Endpoint, x.WebhookId }).IsUnique();
        e.HasIndex(x => new { x.Endpoint, x.ExternalId }).IsUnique();
        e.HasIndex(x => x.ReceivedAt);
    }
}

internal sealed class WebhookSubscriptionRecordConfiguration : IEntityTypeConfiguration<WebhookSubscriptionRecord>
{
    public void Configure(EntityTypeBuilder<WebhookSubscriptionRecord> e)
    {
        e.ToTable("webhook_subscriptions");
        e.HasKey(x => x.Id);
        e.Property(x => x.Url).HasMaxLength(2000);
        e.Property(x => x.Events).HasMaxLength(1000);
        e.Property(x => x.Description).HasMaxLength(500);
        e.HasIndex(x => x.Active);
    }
}

internal sealed class WebhookDeliveryRecordConfiguration : IEntityTypeConfiguration<WebhookDeliveryRecord>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryRecord> e)
    {
        e.ToTable("webhook_deliveries");
        e.HasKey(x => x.Id);
        e.Property(x => x.EventType).HasMaxLength(64);
        e.Property(x => x.MessageId).HasMaxLength(100);
        e.HasIndex(x => new { x.SubscriptionId, x.CreatedAt });
    }
}

internal sealed class DataProtectionKeyRecordConfiguration : IEntityTypeConfiguration<DataProtectionKeyRecord>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRecord> e)
    {
        e.ToTable("data_protection_keys");
        e.HasKey(x => x.Id);
        e.Property(x => x.FriendlyName).HasMaxLength(200);
    }
}
