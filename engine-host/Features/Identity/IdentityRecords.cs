using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Records;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>A person who signs in to the web UI: a hashed password, roles, teams and how they read dates and text.</summary>
public sealed class UserRecord
{
    public Guid Id { get; set; }

    /// <summary>Lower case, unique: the name on the audit trail.</summary>
    public required string Username { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }

    /// <summary>ASP.NET Core's <c>PasswordHasher</c> format (PBKDF2 with a salt, the iteration count inside).</summary>
    public required string PasswordHash { get; set; }
    public List<string> Roles { get; set; } = [];

    /// <summary>Codes of the domain's teams the user works in (an inbox shows their tasks).</summary>
    public List<string> Teams { get; set; } = [];

    /// <summary>Code of the domain's technician record this user is, for a field technician.</summary>
    public string? TechnicianCode { get; set; }
    public string Locale { get; set; } = "en";
    public string TimeZone { get; set; } = "Asia/Shanghai";
    public bool Active { get; set; } = true;
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Replaced when the password, roles, teams or active flag change; a session with an older stamp is over.</summary>
    public string SecurityStamp { get; set; } = NewStamp();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }

    public static string NewStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>A key for scripts and integrators: only its SHA-256 is kept; the prefix lets people tell keys apart.</summary>
public sealed class ApiKeyRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The first characters of the key, shown in lists (e.g. <c>orch_Xy12ab</c>).</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }
    public List<string> Roles { get; set; } = [];
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class UserRecordConfiguration : IEntityTypeConfiguration<UserRecord>
{
    public void Configure(EntityTypeBuilder<UserRecord> e)
    {
        e.ToTable("users");
        e.HasKey(x => x.Id);
        e.Property(x => x.Username).HasMaxLength(64);
        e.Property(x => x.DisplayName).HasMaxLength(200);
        e.Property(x => x.Email).HasMaxLength(200);
        e.Property(x => x.PasswordHash).HasMaxLength(200);
        e.Property(x => x.Roles).AsJson();
        e.Property(x => x.Teams).AsJson();
        e.Property(x => x.TechnicianCode).HasMaxLength(32);
        e.Property(x => x.Locale).HasMaxLength(16);
        e.Property(x => x.TimeZone).HasMaxLength(64);
        e.Property(x => x.SecurityStamp).HasMaxLength(64);
        e.HasIndex(x => x.Username).IsUnique();
    }
}

internal sealed class ApiKeyRecordConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> e)
    {
        e.ToTable("api_keys");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Prefix).HasMaxLength(16);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.Property(x => x.Roles).AsJson();
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.Property(x => x.RevokedBy).HasMaxLength(100);
        e.HasIndex(x => x.Hash).IsUnique();
    }
}
