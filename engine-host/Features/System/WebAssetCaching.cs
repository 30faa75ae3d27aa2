using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Orchestrator.EngineHost.Features.System;

/// <summary>
/// How long a browser keeps the web UI's files (docs/benchmarks.md, issue 9: the inbox in a new tab). Vite names each
/// built script and stylesheet under <c>/assets/</c> after a hash of its content, so such a file never changes:
/// <c>Cache-Control: public, max-age=31536000, immutable</c> lets a new tab use it without asking the host again.
/// <c>index.html</c> (at <c>/</c> and for every client route, which names those files) is <c>no-cache</c>, so a
/// deployment shows at the next navigation. Set on <see cref="StaticFileOptions"/>, which both <c>UseStaticFiles</c> and
/// the client-route fallback (<c>MapFallbackToFile</c>) use.
/// </summary>
public static class WebAssetCaching
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Revalidate = "no-cache";

    public static IServiceCollection AddWebAssetCaching(this IServiceCollection services) =>
        services.Configure<StaticFileOptions>(o => o.OnPrepareResponse = Prepare);

    private static void Prepare(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        if (context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase))
            headers[HeaderNames.CacheControl] = Immutable;
        else if (string.Equals(context.File.Name, "index.html", StringComparison.OrdinalIgnoreCase))
            headers[HeaderNames.CacheControl] = Revalidate;
    }
}
