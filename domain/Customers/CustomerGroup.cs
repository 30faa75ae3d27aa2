using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Customers;

public enum CustomerGroupKind
{
    Salesperson,
    Region,
}

/// <summary>A customer group (客户组): the customers of one salesperson or one region.</summary>
public sealed class CustomerGroup : GuidRecord
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public CustomerGroupKind Kind { get; set; }

    /// <summary>The salesperson, for a salesperson's group.</summary>
    public string? Owner { get; set; }
}

internal sealed class CustomerGroupConfiguration : IEntityTypeConfiguration<CustomerGroup>
{
    public void Configure(EntityTypeBuilder<CustomerGroup> e)
    {
        e.ToTable("customer_groups");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Owner).HasMaxLength(200);
        e.HasIndex(x => x.Code).IsUnique();
    }
}
