using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Domain.Records;

/// <summary>A setting of the domain an admin changes at run time (e.g. the labels of the installed base's custom fields), as JSON.</summary>
public sealed class DomainSetting : AuditedRecord
{
    /// <summary>The labels of <see cref="Products.InstalledProduct"/>'s five custom fields (e.g. engine number, frame number).</summary>
    public const string CustomFieldLabels = "installed-products.custom-fields";

    public required string Key { get; set; }

    public required string Value { get; set; }
}

internal sealed class DomainSettingConfiguration : IEntityTypeConfiguration<DomainSetting>
{
    public void Configure(EntityTypeBuilder<DomainSetting> e)
    {
        e.ToTable("domain_settings");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasMaxLength(100);
        e.Property(x => x.Value).HasMaxLength(4000);
    }
}
