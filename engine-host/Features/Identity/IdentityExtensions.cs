using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>
/// Users, roles and API keys: a session cookie for the web UI (antiforgery header on its writes), <c>Bearer</c> API keys
/// for scripts and integrators, a policy on every endpoint (<see cref="AccessRules"/>), the bootstrap admin.
/// </summary>
public static class IdentityExtensions
{
    public const string Scheme = "Orchestrator";
    public const string SessionCookie = "orchestrator.session";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public static IServiceCollection AddOrchestratorIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPasswordHasher<UserRecord>, PasswordHasher<UserRecord>>();
        services.TryAddSingleton(new OperatorConsole(Console.Out));
        services.AddSingleton<SessionStamps>();
        services.AddHostedService<IdentityStartup>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Session cookie or API key", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = c => AuthProblems.WriteAsync(c.HttpContext, 401);
                o.Events.OnRedirectToAccessDenied = c => AuthProblems.WriteAsync(c.HttpContext, 403);
                o.Events.OnValidatePrincipal = Sessions.ValidateAsync;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((o, auth) => o.ExpireTimeSpan = auth.Value.SessionTimeout);

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "orchestrator.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, AccessRules.Handler>());
        var authorization = services.AddAuthorizationBuilder()
            // an endpoint that names no policy: a signed-in caller whose roles the access table allows
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new AccessRules.Requirement()).Build());
        foreach (var (policy, roles) in Policies.RolesOf)
        {
            authorization.AddPolicy(policy, p =>
            {
                p.RequireAuthenticatedUser();
                if (policy != Policies.SignedIn)
                    p.RequireRole(roles);
            });
        }
        return services;
    }

    /// <summary>Authentication, the antiforgery check on cookie-authenticated writes, authorization (after static files, which stay public).</summary>
    public static IApplicationBuilder UseOrchestratorIdentity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && !HttpMethods.IsOptions(http.Request.Method) && http.User.SignedInWithPassword()
                && !http.Request.Path.StartsWithSegments(AuthEndpoints.LoginPath) // signing in again replaces the session
                && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            {
                await AuthProblems.WriteAsync(http, 400, "Antiforgery token missing or invalid",
                    $"A signed-in browser's {http.Request.Method} needs the {AntiforgeryHeader} header with the token from "
                    + "GET /api/auth/me (or the login answer). Scripts use an API key instead.", AuthProblems.AntiforgeryType);
                return;
            }
            await next(http);
        });
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapAuth();
        app.MapUsers();
        app.MapDirectory();
        app.MapApiKeys();
        return app;
    }
}

/// <summary>
/// A session ends when its user is deactivated or their password, roles or teams change (the security stamp): checked
/// against the database at most once per <see cref="AuthOptions.SessionCheckInterval"/> per user on each node (default
/// 5 s; 0 = every request). A change made through this node ends the user's sessions at once (<see cref="SessionStamps.Forget"/>);
/// one made through another node (or straight in the database) within that interval at most. docs/security.md.
/// </summary>
internal static class Sessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(global::System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var stamp = context.Principal?.FindFirst(OrchestratorClaims.SecurityStamp)?.Value;
        var services = context.HttpContext.RequestServices;
        var stamps = services.GetRequiredService<SessionStamps>();
        var valid = Guid.TryParse(id, out var userId) && stamp is not null
            && (stamps.IsKnownValid(userId, stamp) || await stamps.CheckAsync(services.GetRequiredService<DbContext>(), userId, stamp,
                context.HttpContext.RequestAborted));
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}

/// <summary>The security stamps this node read lately, per user, so that a signed-in user's requests do not each read it.</summary>
public sealed class SessionStamps(TimeProvider time, Microsoft.Extensions.Options.IOptions<AuthOptions> options)
{
    private readonly global::System.Collections.Concurrent.ConcurrentDictionary<Guid, (string Stamp, DateTimeOffset Until)> _valid = new();

    /// <summary>The stamp was read from the database, valid, less than the interval ago.</summary>
    public bool IsKnownValid(Guid userId, string stamp) =>
        _valid.TryGetValue(userId, out var known) && known.Stamp == stamp && time.GetUtcNow() < known.Until;

    /// <summary>Reads the user's active flag and stamp; remembers a valid one for the interval.</summary>
    public async Task<bool> CheckAsync(DbContext db, Guid userId, string stamp, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var current = await db.Set<UserRecord>().AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Active, u.SecurityStamp }).FirstOrDefaultAsync(ct);
        if (current is null || !current.Active || current.SecurityStamp != stamp)
        {
            _valid.TryRemove(userId, out _);
            return false;
        }
        var interval = options.Value.SessionCheckInterval;
        if (interval > TimeSpan.Zero)
            _valid[userId] = (stamp, now + interval);
        return true;
    }

    /// <summary>The user's stamp or active flag changed through this node: check the next request against the database.</summary>
    public void Forget(Guid userId) => _valid.TryRemove(userId, out _);
}
