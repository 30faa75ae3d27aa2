using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Identity;

public sealed record LoginRequest(string? Username, string? Password);

/// <summary>Who is signed in. <c>antiforgeryToken</c> (cookie sessions only) goes in the X-XSRF-TOKEN header of every write.</summary>
public sealed record Me(string Username, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Teams, string Locale,
    string? TimeZone, string? TechnicianCode, string AuthenticatedBy, string? AntiforgeryToken);

/// <summary><c>POST /api/auth/login</c>, <c>POST /api/auth/logout</c>, <c>GET /api/auth/me</c>: the web UI's session cookie.</summary>
internal static class AuthEndpoints
{
    public const string LoginPath = "/api/auth/login";

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");
        group.MapPost("/login", LoginAsync).AllowAnonymous()
            .Produces<Me>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(429)
            .WithSummary("Sign in with a username and password: sets the session cookie; 401 on wrong credentials, 429 while locked out");
        group.MapPost("/logout", Logout).Produces(204)
            .WithSummary("End the session (a signed-in browser sends the X-XSRF-TOKEN header)");
        group.MapGet("/me", GetMe).Produces<Me>().ProducesProblem(401)
            .WithSummary("Who is signed in: username, display name, roles, teams, locale, and the antiforgery token for writes");
        return app;
    }

    private static async Task<IResult> LoginAsync(LoginRequest body, HttpContext http, DbContext db, IPasswordHasher<UserRecord> hasher,
        IOptions<AuthOptions> options, TimeProvider time, ILogger<LoginRequest> log, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Username)) errors["username"] = ["username is required."];
        if (string.IsNullOrEmpty(body.Password)) errors["password"] = ["password is required."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var username = body.Username!.Trim().ToLowerInvariant();
        var user = await db.Set<UserRecord>().FirstOrDefaultAsync(u => u.Username == username, ct);
        var now = time.GetUtcNow();
        if (user is null)
        {
            log.LogInformation("Login refused for unknown user {Username}", username);
            return WrongCredentials();
        }
        if (user.LockedUntil > now)
        {
            var wait = (int)Math.Ceiling((user.LockedUntil.Value - now).TotalSeconds);
            http.Response.Headers.RetryAfter = wait.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem($"Too many failed sign-ins: the account is locked for another {wait} s.", statusCode: 429,
                title: "Account locked", type: ProblemTypes.For(429));
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, body.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedLogins++;
            if (user.FailedLogins >= options.Value.LockoutAttempts)
            {
                user.LockedUntil = now + options.Value.LockoutDuration;
                user.FailedLogins = 0;
                log.LogWarning("User {Username} locked until {LockedUntil} after repeated failed sign-ins", username, user.LockedUntil);
            }
            await db.SaveChangesAsync(ct);
            return WrongCredentials();
        }
        if (!user.Active)
        {
            return TypedResults.Problem("The account is deactivated; ask an administrator.", statusCode: 401, title: "Unauthorized",
                type: ProblemTypes.For(401));
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = hasher.HashPassword(user, body.Password!);
        (user.FailedLogins, user.LockedUntil, user.LastLoginAt) = (0, null, now);
        await db.SaveChangesAsync(ct);

        var principal = Principals.ForUser(user);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        http.User = principal; // the antiforgery token is bound to the new identity
        log.LogInformation("User {Username} signed in", username);
        return TypedResults.Ok(Describe(principal, http));
    }

    private static IResult WrongCredentials() => TypedResults.Problem("The username or password is wrong.", statusCode: 401,
        title: "Unauthorized", type: ProblemTypes.For(401));

    private static async Task<IResult> Logout(HttpContext http, ILogger<LoginRequest> log)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        log.LogInformation("User {Username} signed out", http.User.Identity?.Name);
        return TypedResults.NoContent();
    }

    private static IResult GetMe(HttpContext http) => TypedResults.Ok(Describe(http.User, http));

    private static Me Describe(ClaimsPrincipal user, HttpContext http) => new(
        user.Identity!.Name!,
        user.FindFirst(ClaimTypes.GivenName)?.Value ?? user.Identity.Name!,
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        user.Teams().ToList(),
        user.FindFirst(OrchestratorClaims.Locale)?.Value ?? "en",
        user.FindFirst(OrchestratorClaims.TimeZone)?.Value,
        user.FindFirst(OrchestratorClaims.Technician)?.Value,
        user.SignedInWithPassword() ? "session" : "apiKey",
        user.SignedInWithPassword() ? http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken : null);
}
