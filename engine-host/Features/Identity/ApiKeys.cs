using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>API keys: <c>orch_</c> + 43 random base64url characters; only the SHA-256 is stored (the key has 256 bits of
/// entropy, so a slow hash would add nothing).</summary>
public static class ApiKeySecrets
{
    public const string Start = "orch_";
    public const int PrefixLength = 12;

    public static string NewKey() => Start + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key[..Math.Min(PrefixLength, key.Length)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>: a stored key (not revoked, not expired) or the configured <c>Auth:AdminApiKey</c>.</summary>
internal sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Last-used times are written at most this often per key, so a busy integrator does not write on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var key = header["Bearer ".Length..].Trim();
        var hash = ApiKeySecrets.Hash(key);

        if (auth.CurrentValue.AdminApiKey is { Length: > 0 } configured
            && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(hash), Convert.FromHexString(ApiKeySecrets.Hash(configured))))
            return Success(Principals.ForKey("admin", null, [Roles.Admin]));

        var db = Context.RequestServices.GetRequiredService<DbContext>();
        var record = await db.Set<ApiKeyRecord>().AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        var now = time.GetUtcNow();
        if (record is null || record.RevokedAt is not null || record.ExpiresAt <= now)
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        if (record.LastUsedAt is null || record.LastUsedAt < now - LastUsedResolution)
        {
            await db.Set<ApiKeyRecord>().Where(k => k.Id == record.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
        return Success(Principals.ForKey("key:" + record.Name, record.Id, record.Roles));
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await AuthProblems.WriteAsync(Context, 401);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.WriteAsync(Context, 403);
}
