using System.Text.Json.Serialization;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Persistence;
using Orchestrator.EngineHost.Scheduling;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost;

public static class HostExtensions
{
    /// <summary>The workflow engine, configured from the <c>Workflows</c> section (workers default to 1 on SQLite, 4 elsewhere).</summary>
    public static IServiceCollection AddOrchestratorEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = DatabaseOptions.Read(configuration).Provider;
        services.AddWorkflows(o => o.Workers = provider == DatabaseProvider.Sqlite ? 1 : 4);
        services.Configure<WorkflowOptions>(configuration.GetSection(WorkflowOptions.Section));
        services.AddOrchestratorScheduling(configuration);
        return services;
    }

    /// <summary>Problem details for every error, JSON conventions, OpenAPI, health checks, graceful shutdown.</summary>
    public static IServiceCollection AddOrchestratorHttp(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<OrchestratorDbContext>("database", tags: ["ready"]);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddOpenApi();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return services;
    }
}
