using Microsoft.AspNetCore.Http.HttpResults;

namespace Orchestrator.EngineHost.Features.System;

/// <summary>Problem-details answers with stable types, so every endpoint says "not found" and "conflict" the same way.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: 404, title: "Not found", type: ProblemTypes.For(404));

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: 409, title: "Conflict", type: ProblemTypes.For(409), extensions: extensions);

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: 400, title: "Bad request", type: ProblemTypes.For(400));

    /// <summary>400 naming each field: <c>errors: { field: [message] }</c>.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail, type: ProblemTypes.For(400), title: "The request has invalid fields");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Unprocessable(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: 422, title: title, type: ProblemTypes.For(422), extensions: extensions);
}
