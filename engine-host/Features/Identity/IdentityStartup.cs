using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>
/// A first start (no Admin yet) creates <c>admin</c> with the password from <c>Auth:BootstrapAdminPassword</c>, or a
/// generated one printed once to the console: the one way in before anyone could create a user.
/// </summary>
internal sealed class IdentityStartup(IServiceProvider services, IOptions<AuthOptions> options, OperatorConsole console,
    ILogger<IdentityStartup> log) : IHostedService
{
    public const string AdminUsername = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>();
        // "no admin yet" rather than "no users": the sample data's demo users may arrive first
        var users = await db.Set<UserRecord>().AsNoTracking().ToListAsync(cancellationToken);
        if (users.Any(u => u.Roles.Contains(Roles.Admin)) || users.Any(u => u.Username == AdminUsername))
            return;
        var configured = options.Value.BootstrapAdminPassword;
        var password = string.IsNullOrEmpty(configured) ? Generate() : configured;
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var admin = new UserRecord
        {
            Id = Guid.NewGuid(),
            Username = AdminUsername,
            DisplayName = "Administrator",
            PasswordHash = "",
            Roles = [Roles.Admin],
            CreatedAt = now,
            UpdatedAt = now,
        };
        admin.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<UserRecord>>().HashPassword(admin, password);
        db.Add(admin);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<UserRecord>().AsNoTracking().AnyAsync(u => u.Username == AdminUsername, cancellationToken))
                return; // another node created it at the same moment
            throw;
        }
        if (string.IsNullOrEmpty(configured))
        {
            log.LogWarning("Created the user {Username} with a generated password, printed once on the console; change it after signing in",
                AdminUsername);
            console.Out.WriteLine($"{Environment.NewLine}    Orchestrator: sign in as '{AdminUsername}' with the password  {password}"
                + $"{Environment.NewLine}    (generated on this first start and shown only now; set Auth:BootstrapAdminPassword to choose it){Environment.NewLine}");
        }
        else
        {
            log.LogInformation("Created the user {Username} with the password from Auth:BootstrapAdminPassword", AdminUsername);
        }
    }

    /// <summary>18 characters from an alphabet without look-alikes (~100 bits).</summary>
    private static string Generate() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 18);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where words for the operator go: the process's console (tests read it from here).</summary>
public sealed class OperatorConsole(TextWriter output)
{
    public TextWriter Out { get; } = output;
}
