using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Teams;

/// <summary>A service team as stored: the product lines and regions it serves and its lead.</summary>
public sealed class TeamRecord : GuidRecord
{
    /// <summary>The team's code, unique; <see cref="TeamAssigner"/> knows teams by it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<string> ProductLines { get; set; } = [];

    public List<string> Regions { get; set; } = [];

    /// <summary>Code of the technician who leads the team and dispatches its queue.</summary>
    public string? LeadCode { get; set; }

    public Team ToTeam(IEnumerable<Technician> technicians) =>
        new(Code, Name, ProductLines, Regions, LeadCode ?? "", technicians.ToList());
}

/// <summary>A field technician as stored: team, skills, regions, working calendar.</summary>
public sealed class TechnicianRecord : GuidRecord
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public Guid TeamId { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public List<string> Skills { get; set; } = [];

    /// <summary>Regions the technician travels to; empty means all of the team's.</summary>
    public List<string> Regions { get; set; } = [];

    public bool Active { get; set; } = true;

    /// <summary>Working hours per weekday, e.g. <c>{"monday":["09:00-18:00"]}</c>; null means the company's standard hours.</summary>
    public Dictionary<string, List<string>>? WorkingHours { get; set; }

    public Technician ToTechnician(int openWorkload) => new(Code, Name, Skills, Regions, Active, openWorkload);
}

internal sealed class TeamRecordConfiguration : IEntityTypeConfiguration<TeamRecord>
{
    public void Configure(EntityTypeBuilder<TeamRecord> e)
    {
        e.ToTable("teams");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.LeadCode).HasMaxLength(32);
        e.Property(x => x.ProductLines).AsJson();
        e.Property(x => x.Regions).AsJson();
        e.HasIndex(x => x.Code).IsUnique();
    }
}

internal sealed class TechnicianRecordConfiguration : IEntityTypeConfiguration<TechnicianRecord>
{
    public void Configure(EntityTypeBuilder<TechnicianRecord> e)
    {
        e.ToTable("technicians");
        e.HasKey(x => x.Id);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Phone).HasMaxLength(40);
        e.Property(x => x.Email).HasMaxLength(200);
        e.Property(x => x.Skills).AsJson();
        e.Property(x => x.Regions).AsJson();
        e.Property(x => x.WorkingHours).AsJsonValue();
        e.HasOne<TeamRecord>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => new { x.TeamId, x.Active });
    }
}
