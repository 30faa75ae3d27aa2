using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Workflows.Activities;

namespace Orchestrator.EngineHost.Features.Definitions;

internal static class ActivityDescriptorEndpoints
{
    public static IEndpointRouteBuilder MapActivityDescriptors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/activity-descriptors", (ActivityRegistry registry) =>
                TypedResults.Ok(registry.Descriptors))
            .WithTags("Definitions").WithSummary("Every activity type: inputs, outputs, outcomes, kind — the designer's palette");
        return app;
    }
}
