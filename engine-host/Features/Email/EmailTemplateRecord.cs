using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.EngineHost.Features.Email;

/// <summary>
/// One version of an email template in one language: Scriban subject, text body and optional HTML body.
/// Versions are immutable; saving makes the next one, and new messages use the newest.
/// </summary>
public sealed class EmailTemplateRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Locale { get; set; }
    public int Version { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? HtmlBody { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class EmailTemplateRecordConfiguration : IEntityTypeConfiguration<EmailTemplateRecord>
{
    public void Configure(EntityTypeBuilder<EmailTemplateRecord> e)
    {
        e.ToTable("email_templates");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Locale).HasMaxLength(20);
        e.Property(x => x.Subject).HasMaxLength(1000);
        e.Property(x => x.Description).HasMaxLength(500);
        e.HasIndex(x => new { x.Name, x.Locale, x.Version }).IsUnique();
    }
}
