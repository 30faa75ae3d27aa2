using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Customers;

public enum CustomerKind
{
    Person,
    Company,
}

/// <summary>Service tier; SLA rules match on it.</summary>
public enum CustomerTier
{
    Standard,
    Silver,
    Gold,
    Vip,
}

/// <summary>A customer (客户): a person or a company, with contacts, addresses, group, tier, blacklist and loyalty points.</summary>
public sealed class Customer : GuidRecord
{
    /// <summary>The customer code people quote on the phone, unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public CustomerKind Kind { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    /// <summary>Sales/service region; team assignment and SLA rules match on it.</summary>
    public string? Region { get; set; }

    public string? Province { get; set; }

    public string? City { get; set; }

    /// <summary>Customer group (客户组), by salesperson or region.</summary>
    public Guid? GroupId { get; set; }

    public CustomerTier Tier { get; set; }

    /// <summary>Blacklisted (黑名单): service only with a supervisor's approval; <see cref="BlacklistReason"/> says why.</summary>
    public bool Blacklisted { get; set; }

    public string? BlacklistReason { get; set; }

    /// <summary>Loyalty points (积分) available for redemption.</summary>
    public int LoyaltyPoints { get; set; }

    public List<CustomerContact> Contacts { get; set; } = [];

    public List<CustomerAddress> Addresses { get; set; } = [];

    public string? Notes { get; set; }

    /// <summary>The caller's id of the customer (CRM); unique when set. Service requests find the customer by it.</summary>
    public string? ExternalId { get; set; }
}

/// <summary>A contact person (联系人).</summary>
public sealed record CustomerContact(string Name, string? Phone, string? Email, string? Role, bool Primary);

/// <summary>An address (地址) where the customer's products are installed or serviced.</summary>
public sealed record CustomerAddress(string Label, string? Province, string? City, string? District, string Line,
    string? PostalCode, bool Default);

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> e)
    {
        e.ToTable("customers");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Tier).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Phone).HasMaxLength(40);
        e.Property(x => x.Email).HasMaxLength(200);
        e.Property(x => x.Region).HasMaxLength(100);
        e.Property(x => x.Province).HasMaxLength(100);
        e.Property(x => x.City).HasMaxLength(100);
        e.Property(x => x.BlacklistReason).HasMaxLength(500);
        e.Property(x => x.Notes).HasMaxLength(2000);
        e.Property(x => x.Contacts).AsJson();
        e.Property(x => x.Addresses).AsJson();
        e.HasOne<CustomerGroup>().WithMany().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.ExternalId).HasMaxLength(200);
        e.HasIndex(x => x.ExternalId).IsUnique();
        e.HasIndex(x => x.Name);
        e.HasIndex(x => x.Phone);
        e.HasIndex(x => x.Region);
        e.HasIndex(x => x.Tier);
        e.HasIndex(x => x.Blacklisted);
        e.HasIndex(x => x.CreatedAt);
    }
}
