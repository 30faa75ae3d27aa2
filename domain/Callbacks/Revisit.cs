using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Requests;

namespace Orchestrator.Domain.Callbacks;

/// <summary>
/// A revisit the sweep started: a closed request whose flow did not call the customer back gets the <c>revisit</c> flow
/// (a CallbackSurvey) once. The request is the key, so two sweeps (or two nodes) start one revisit per request.
/// </summary>
public sealed class Revisit
{
    public Guid ServiceRequestId { get; set; }

    /// <summary>The revisit flow's instance: its CallbackSurvey works on this request.</summary>
    public Guid InstanceId { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}

internal sealed class RevisitConfiguration : IEntityTypeConfiguration<Revisit>
{
    public void Configure(EntityTypeBuilder<Revisit> e)
    {
        e.ToTable("revisits");
        e.HasKey(x => x.ServiceRequestId);
        e.HasOne<ServiceRequest>().WithMany().HasForeignKey(x => x.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.InstanceId).IsUnique();
    }
}
