using Orchestrator.EngineHost;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.EngineHost.Persistence;
using Scalar.AspNetCore;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.UseOrchestratorLogging();
builder.Services.AddOrchestratorDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddHealthChecks().AddDbContextCheck<OrchestratorDbContext>("database", tags: ["ready"]);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSerilogRequestLogging();
app.UseDefaultFiles();
app.UseStaticFiles();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/api/docs", o => o.WithTitle("Orchestrator API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapSystem();
app.MapUnknownApiPaths();
app.MapFallbackToFile("index.html");

app.Run();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
