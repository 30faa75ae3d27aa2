using System.ComponentModel.DataAnnotations;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>The <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The password of the <c>admin</c> user created on a start that finds no Admin user; unset: one is
    /// generated and printed once to the console.</summary>
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>An API key, taken from configuration, that acts as the admin (Admin role) for automation that runs before
    /// anyone could create a key (provisioning scripts, tests). Unset by default; at least 32 characters when set.</summary>
    [MinLength(32, ErrorMessage = "Auth:AdminApiKey must be at least 32 characters long (it is a password).")]
    public string? AdminApiKey { get; set; }

    /// <summary>How long a UI session lasts without use (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Auth:SessionTimeout must be between 1 minute and 30 days.")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a node trusts a session's security stamp it read from the database before reading it again. A
    /// user deactivated, or whose password, roles or teams changed, through this node is signed out at once; through another
    /// node (or in the database) within this interval at most. 0 reads it on every request.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Auth:SessionCheckInterval must be between 0 and 1 minute.")]
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed logins in a row that lock an account for <see cref="LockoutDuration"/>.</summary>
    [Range(1, 100, ErrorMessage = "Auth:LockoutAttempts must be between 1 and 100.")]
    public int LockoutAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Auth:LockoutDuration must be between 1 second and 1 day.")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);
}
