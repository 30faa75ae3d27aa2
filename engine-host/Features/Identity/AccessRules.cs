using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Orchestrator.EngineHost.Features.Identity;

/// <summary>
/// Who may call what, in one table: an endpoint that declares no policy of its own (no <c>RequireAuthorization</c>, no
/// <c>AllowAnonymous</c>) is judged by the first rule naming its method and route, and is Admin-only when no rule does.
/// This is the fallback policy, so nothing mapped is ever open by accident. docs/security.md shows the same table.
/// </summary>
public static class AccessRules
{
    /// <summary>A rule: methods (GET, WRITE = any other, * = all), a route where * is one segment and ** the rest, a policy.</summary>
    public sealed record Rule(string Methods, string Route, string Policy);

    private const string Get = "GET";
    private const string Write = "WRITE";
    private const string Any = "*";

    /// <summary>The areas every role may read (GET); each area's writes are below.</summary>
    private static readonly string[] ReadableAreas =
    [
        "info", "activity-descriptors", "definitions", "instances", "tasks", "sla-policies", "knowledge", "teams", "technicians",
        "customers", "customer-groups", "product-models", "installed-products", "service-contracts", "pm-plans",
        "service-requests", "requests", "field-tasks", "rmas", "complaints", "callbacks", "parts", "warehouses", "reminders",
    ];

    public static readonly IReadOnlyList<Rule> Table =
    [
        new(Any, "/api/auth/**", Policies.SignedIn),
        new(Any, "/api/users/**", Policies.Admin),
        new(Any, "/api/api-keys/**", Policies.Admin),
        new(Any, "/api/outbox/**", Policies.Admin),
        new(Any, "/api/webhooks/**", Policies.Admin),
        new(Any, "/api/email-templates/**", Policies.Admin),
        new(Get, "/api/audit", Policies.Supervise),
        new(Get, "/api/sla-jobs/**", Policies.Supervise),
        new(Write, "/api/sla-jobs/*/cancel", Policies.Admin), // who may start a preview may stop it
        new(Any, "/api/imports/**", Policies.MasterData),
        new(Get, "/api/sla-reports/**", Policies.Supervise),
        new(Get, "/api/sla-policies/*/versions/*/apply", Policies.Supervise),
        new(Get, "/api/pm-runs/**", Policies.Supervise),
        new(Write, "/api/pm-runs", Policies.Admin),
        new(Get, "/api/directory", Policies.Staff),
        new(Write, "/api/*/*/audit", Policies.Supervise),
        new(Write, "/api/*/*/unaudit", Policies.Supervise),
        new(Get, "/api/intake/**", Policies.FrontOffice), // phone intake: caller lookup, warranty preview
        new(Get, "/api/my-day", Policies.FieldWork), // the technician's day
        .. ReadableAreas.Select(area => new Rule(Get, $"/api/{area}/**", Policies.Read)),
        new(Write, "/api/definitions/**", Policies.Design),
        new(Write, "/api/expressions/check", Policies.Design),
        new(Write, "/api/instances", Policies.StartFlows),
        new(Write, "/api/requests", Policies.StartFlows),
        new(Write, "/api/requests/*/withdraw", Policies.StartFlows),
        new(Write, "/api/requests/*/comments", Policies.Work),
        new(Write, "/api/requests/*/attachments", Policies.Work),
        new(Write, "/api/instances/**", Policies.Operate),
        new(Write, "/api/events/*", Policies.RaiseEvents),
        new(Any, "/api/inbox-views/**", Policies.Work),
        new(Write, "/api/tasks/*/reassign", Policies.Supervise),
        new(Write, "/api/tasks/**", Policies.Work),
        new(Write, "/api/sla-policies/evaluate", Policies.Read),
        new(Write, "/api/sla-policies/**", Policies.Admin),
        new(Write, "/api/teams/assign", Policies.Read),
        new(Write, "/api/knowledge/*/used", Policies.FieldWork),
        new(Write, "/api/knowledge/proposals", Policies.FieldWork),
        new(Write, "/api/installed-products/custom-fields", Policies.MasterData),
        new(Write, "/api/service-requests/*/sla/**", Policies.Supervise),
        new(Write, "/api/field-tasks/**", Policies.FieldWork),
        new(Write, "/api/parts/movements", Policies.FieldWork),
        .. new[] { "service-requests", "customers", "installed-products", "complaints", "callbacks", "rmas" }
            .Select(area => new Rule(Write, $"/api/{area}/**", Policies.FrontOffice)),
        .. new[] { "customer-groups", "product-models", "service-contracts", "pm-plans", "teams", "technicians", "parts", "warehouses", "knowledge" }
            .Select(area => new Rule(Write, $"/api/{area}/**", Policies.MasterData)),
    ];

    /// <summary>The policy for a method and route pattern (parameters in braces), or <see cref="Policies.Admin"/> when no rule names it.</summary>
    public static string PolicyFor(string method, string route)
    {
        var segments = Segments(route);
        foreach (var rule in Table)
        {
            if (MethodMatches(rule.Methods, method) && RouteMatches(Segments(rule.Route), segments))
                return rule.Policy;
        }
        return Policies.Admin;
    }

    private static bool MethodMatches(string methods, string method) => methods switch
    {
        Any => true,
        Get => method is "GET" or "HEAD",
        Write => method is not ("GET" or "HEAD"),
        _ => string.Equals(methods, method, StringComparison.OrdinalIgnoreCase),
    };

    private static bool RouteMatches(string[] rule, string[] route)
    {
        for (var i = 0; i < rule.Length; i++)
        {
            if (rule[i] == "**")
                return true;
            if (i >= route.Length || (rule[i] != "*" && !string.Equals(rule[i], route[i], StringComparison.OrdinalIgnoreCase)))
                return false;
        }
        return rule.Length == route.Length;
    }

    /// <summary>"/api/instances/{id:guid}/log" → [api, instances, *, log].</summary>
    private static string[] Segments(string route) =>
        route.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.StartsWith('{') ? "*" : s).ToArray();

    /// <summary>The fallback policy's requirement: the endpoint's rule, judged against the caller's roles.</summary>
    public sealed class Requirement : IAuthorizationRequirement;

    internal sealed class Handler : AuthorizationHandler<Requirement>
    {
        private readonly ConcurrentDictionary<Endpoint, string> _policies = new();

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
        {
            var endpoint = context.Resource switch
            {
                HttpContext http => http.GetEndpoint(),
                Endpoint e => e,
                _ => null,
            };
            // no endpoint: static files and 404s, which run nothing
            if (endpoint is not RouteEndpoint route)
            {
                context.Succeed(requirement);
                return Task.CompletedTask;
            }
            var policy = _policies.GetOrAdd(route, _ => PolicyOf(route));
            if (Allows(policy, context.User))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }

        private static string PolicyOf(RouteEndpoint endpoint)
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            // the strictest policy of the methods it answers (an endpoint answers one method in practice)
            var policies = methods.Select(m => PolicyFor(m, Pattern(endpoint.RoutePattern))).Distinct().ToList();
            return policies.Count == 1 ? policies[0] : Policies.Admin;
        }
    }

    public static bool Allows(string policy, global::System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && (policy == Policies.SignedIn || Policies.RolesOf[policy].Any(user.IsInRole));

    public static string Pattern(RoutePattern pattern) => pattern.RawText ?? "/" + string.Join('/', pattern.PathSegments.Select(s =>
        s.IsSimple && s.Parts[0] is RoutePatternLiteralPart literal ? literal.Content : "{p}"));
}
