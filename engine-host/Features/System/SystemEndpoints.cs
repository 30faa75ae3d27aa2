using System.Reflection;

namespace Orchestrator.EngineHost.Features.System;

public sealed record ProductInfo(string Product, string Version, string Environment, string DatabaseProvider);

internal static class SystemEndpoints
{
    public static readonly string Version =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).WithTags("Health").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") })
            .WithTags("Health").AllowAnonymous();
        app.MapGet("/api/info", (IHostEnvironment env, IConfiguration config) =>
                TypedResults.Ok(new ProductInfo("Orchestrator", Version, env.EnvironmentName,
                    config["Database:Provider"] ?? "Sqlite")))
            .WithTags("System").WithSummary("Product name, version and environment");
        return app;
    }

    /// <summary>Unknown API paths are a 404 problem, not the web UI's index page.</summary>
    public static IEndpointRouteBuilder MapUnknownApiPaths(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api", "/hooks", "/health", "/openapi" })
        {
            app.MapFallback(prefix + "/{**path}", (HttpContext http) => TypedResults.Problem(
                    statusCode: 404, title: "Not found", type: ProblemTypes.For(404),
                    detail: $"No endpoint answers {http.Request.Method} {http.Request.Path}."))
                .ExcludeFromDescription().AllowAnonymous();
        }
        return app;
    }
}
