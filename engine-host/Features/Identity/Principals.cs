using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>Builds the signed-in principal in the shape of <see cref="OrchestratorClaims"/>.</summary>
internal static class Principals
{
    public const string PasswordAuthentication = "Password";

    public static ClaimsPrincipal ForUser(UserRecord user)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Username),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(OrchestratorClaims.Locale, user.Locale),
            new(OrchestratorClaims.TimeZone, user.TimeZone),
            new(OrchestratorClaims.SecurityStamp, user.SecurityStamp),
            .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
            .. user.Teams.Select(t => new Claim(OrchestratorClaims.Team, t)),
        ];
        if (user.TechnicianCode is { } technician)
            claims.Add(new(OrchestratorClaims.Technician, technician));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, PasswordAuthentication, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static ClaimsPrincipal ForKey(string name, Guid? keyId, IEnumerable<string> roles)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, name),
            new(OrchestratorClaims.Locale, "en"),
            .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ];
        if (keyId is { } id)
            claims.Add(new(OrchestratorClaims.ApiKeyId, id.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyHandler.SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool SignedInWithPassword(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: PasswordAuthentication };
}

/// <summary>401 and 403 as problem details (never a redirect to a login page).</summary>
internal static class AuthProblems
{
    public const string AntiforgeryType = "https://orchestrator.dev/problems/antiforgery";

    public static Task WriteAsync(HttpContext http, int status) => WriteAsync(http, status, null, null, null);

    public static async Task WriteAsync(HttpContext http, int status, string? title, string? detail, string? type)
    {
        if (http.Response.HasStarted)
            return;
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = type ?? ProblemTypes.For(status),
                Title = title ?? (status == 401 ? "Unauthorized" : "Forbidden"),
                Detail = detail ?? (status == 401
                    ? "Sign in (POST /api/auth/login) or send an API key (Authorization: Bearer <key>)."
                    : $"Your roles do not allow {http.Request.Method} {http.Request.Path}."),
            },
        });
    }
}
