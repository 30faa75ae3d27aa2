using Serilog;
using Serilog.Formatting.Compact;

namespace Orchestrator.EngineHost;

internal static class Logging
{
    /// <summary>
    /// Levels, overrides and enrichers come from the <c>Serilog</c> section of appsettings.json.
    /// The sink follows the environment: console in Development, a compact-JSON file rolled daily
    /// under <c>Logging:File:Path</c> (default <c>logs/</c>) otherwise.
    /// </summary>
    public static void UseOrchestratorLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, config) =>
        {
            config.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services);
            if (builder.Environment.IsDevelopment())
            {
                config.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                return;
            }
            var path = builder.Configuration["Logging:File:Path"] ?? "logs/orchestrator-.json";
            if (!Path.IsPathRooted(path))
                path = Path.Combine(builder.Environment.ContentRootPath, path);
            var retained = builder.Configuration.GetValue("Logging:File:RetainedFileCountLimit", 14);
            config.WriteTo.File(new CompactJsonFormatter(), path, rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: retained);
        });
    }
}
