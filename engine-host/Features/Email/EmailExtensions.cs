using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Email;

public static class EmailExtensions
{
    /// <summary>Email through the outbox: the <c>Smtp</c> section (checked on start), stored templates, the <c>email</c> channel.</summary>
    public static IServiceCollection AddOrchestratorEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<IOutboxChannel, EmailChannel>();
        services.AddHostedService<ShippedTemplateSeeder>();
        return services;
    }
}

/// <summary>Saves the shipped templates that are missing, once the database is migrated.</summary>
internal sealed class ShippedTemplateSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ShippedTemplateSeeder> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var added = await ShippedTemplates.SeedAsync(scope.ServiceProvider.GetRequiredService<DbContext>(), clock.GetUtcNow(), cancellationToken);
            if (added > 0)
                log.LogInformation("Saved {Count} shipped email templates", added);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(e, "The shipped email templates were not saved; the database may not be migrated yet");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
