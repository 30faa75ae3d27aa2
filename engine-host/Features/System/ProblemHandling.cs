using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Orchestrator.EngineHost.Features.System;

/// <summary>
/// Every error is an RFC 9457 problem-details body. Bad input that the framework rejects
/// (malformed JSON, a body too large, a wrong content type) is a 4xx with a sentence, never a 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "Malformed JSON", $"The request body is not valid JSON: {json.Message}"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JsonException json => (400, "Malformed JSON", $"The request body is not valid JSON: {json.Message}"),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
            _ => (500, "Internal error", "The server failed to handle the request; it was logged with the trace id."),
        };
        if (status >= 500)
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        else
            log.LogInformation("Rejected {Method} {Path} with {Status}: {Detail}", http.Request.Method, http.Request.Path, status, detail);

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = detail,
                Type = ProblemTypes.For(status),
            },
        });
    }
}

/// <summary>Stable <c>type</c> URIs for problem details.</summary>
public static class ProblemTypes
{
    public static string For(int status) => status switch
    {
        400 => "https://orchestrator.dev/problems/bad-request",
        401 => "https://orchestrator.dev/problems/unauthorized",
        403 => "https://orchestrator.dev/problems/forbidden",
        404 => "https://orchestrator.dev/problems/not-found",
        409 => "https://orchestrator.dev/problems/conflict",
        412 => "https://orchestrator.dev/problems/precondition-failed",
        413 => "https://orchestrator.dev/problems/payload-too-large",
        415 => "https://orchestrator.dev/problems/unsupported-media-type",
        422 => "https://orchestrator.dev/problems/validation",
        429 => "https://orchestrator.dev/problems/too-many-requests",
        _ => $"https://orchestrator.dev/problems/http-{status}",
    };
}
