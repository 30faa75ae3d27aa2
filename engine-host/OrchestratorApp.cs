using Orchestrator.EngineHost.Features.Definitions;
using Orchestrator.EngineHost.Features.Email;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Features.Instances;
using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Features.Tasks;
using Orchestrator.EngineHost.Features.Webhooks;
using Orchestrator.EngineHost.Features.Workspace;
using Orchestrator.EngineHost.Persistence;
using Scalar.AspNetCore;
using Serilog;

namespace Orchestrator.EngineHost;

/// <summary>
/// The host as a whole: <c>Program</c> runs it; the crash-test host and the benchmarks build the
/// same application with an extra service or two.
/// </summary>
public static class OrchestratorApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrchestratorLogging();
        builder.Services.AddOrchestratorDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddOrchestratorEngine(builder.Configuration);
        builder.Services.AddOrchestratorHttp();
        builder.Services.AddOrchestratorOutbox(builder.Configuration);
        builder.Services.AddOrchestratorEmail(builder.Configuration);
        builder.Services.AddOrchestratorWebhooks(builder.Configuration);
        builder.Services.AddDomainRecords();
        builder.Services.AddOrchestratorIdentity(builder.Configuration);
        builder.Services.AddServiceFlows();
        builder.Services.AddInbox(builder.Configuration);
        builder.Services.AddWebAssetCaching();
        customize?.Invoke(builder);

        var app = builder.Build();
        await app.Services.MigrateDatabaseAsync();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseOrchestratorIdentity();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Orchestrator API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapSystem();
        app.MapIdentity();
        app.MapActivityDescriptors();
        app.MapDefinitions();
        app.MapInstances();
        app.MapTasks();
        app.MapOutbox();
        app.MapEmailTemplates();
        app.MapWebhooks();
        app.MapDesigner();
        app.MapDomain();
        app.MapAgentWorkspace();
        app.MapServiceFlows();
        app.MapUnknownApiPaths();
        app.MapFallbackToFile("index.html").AllowAnonymous();
        return app;
    }
}
