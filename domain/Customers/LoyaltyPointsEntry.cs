using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Domain.Customers;

/// <summary>One change of a customer's loyalty points (积分): earned or redeemed, why, by whom, and the balance after.</summary>
public sealed class LoyaltyPointsEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CustomerId { get; set; }

    public int Change { get; set; }

    public int Balance { get; set; }

    public required string Reason { get; set; }

    public required string Actor { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class LoyaltyPointsEntryConfiguration : IEntityTypeConfiguration<LoyaltyPointsEntry>
{
    public void Configure(EntityTypeBuilder<LoyaltyPointsEntry> e)
    {
        e.ToTable("loyalty_points");
        e.HasKey(x => x.Id);
        e.Property(x => x.Reason).HasMaxLength(200);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.CustomerId, x.At });
    }
}
