using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Expressions;

namespace Orchestrator.EngineHost.Features.Email;

public sealed record EmailTemplateView(string Name, string Locale, int Version, string Subject, string Body, string? HtmlBody,
    string? Description, DateTimeOffset CreatedAt)
{
    public static EmailTemplateView From(EmailTemplateRecord t) =>
        new(t.Name, t.Locale, t.Version, t.Subject, t.Body, t.HtmlBody, t.Description, t.CreatedAt);
}

public sealed record SaveEmailTemplateRequest(string? Locale, string? Subject, string? Body, string? HtmlBody, string? Description);

public sealed record PreviewEmailRequest(string? Locale, JsonObject? Model);

internal static class EmailTemplateEndpoints
{
    public static IEndpointRouteBuilder MapEmailTemplates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/email-templates").WithTags("Email templates");
        group.MapGet("/", List).WithSummary("The newest version of every template in every language");
        group.MapGet("/{name}", Get).WithSummary("The newest version of a template in a language (?locale=, default the configured one)");
        group.MapGet("/{name}/versions", Versions).WithSummary("Every version of a template in a language, newest first");
        group.MapGet("/{name}/versions/{version:int}", Version).WithSummary("One version");
        group.MapPut("/{name}", Save).WithSummary("Save a new version (Scriban subject and bodies, checked before saving); the old ones stay");
        group.MapPost("/{name}/preview", Preview).WithSummary("Render the newest version with a model, without sending anything");
        return app;
    }

    private static async Task<Ok<List<EmailTemplateView>>> List(DbContext db, CancellationToken ct)
    {
        var all = await db.Set<EmailTemplateRecord>().AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(all.GroupBy(t => (t.Name, t.Locale)).Select(g => g.MaxBy(t => t.Version)!)
            .OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Locale, StringComparer.Ordinal).Select(EmailTemplateView.From).ToList());
    }

    private static async Task<Results<Ok<EmailTemplateView>, ProblemHttpResult>> Get(string name, string? locale, DbContext db,
        IOptions<SmtpOptions> smtp, CancellationToken ct)
    {
        locale ??= smtp.Value.DefaultLocale;
        var versions = await VersionsOf(db, name, locale, ct);
        return versions.Count > 0 ? TypedResults.Ok(EmailTemplateView.From(versions[0])) : Missing(name, locale);
    }

    private static async Task<Results<Ok<List<EmailTemplateView>>, ProblemHttpResult>> Versions(string name, string? locale, DbContext db,
        IOptions<SmtpOptions> smtp, CancellationToken ct)
    {
        locale ??= smtp.Value.DefaultLocale;
        var versions = await VersionsOf(db, name, locale, ct);
        return versions.Count > 0 ? TypedResults.Ok(versions.Select(EmailTemplateView.From).ToList()) : Missing(name, locale);
    }

    private static async Task<Results<Ok<EmailTemplateView>, ProblemHttpResult>> Version(string name, int version, string? locale,
        DbContext db, IOptions<SmtpOptions> smtp, CancellationToken ct)
    {
        locale ??= smtp.Value.DefaultLocale;
        var found = await db.Set<EmailTemplateRecord>().AsNoTracking()
            .FirstOrDefaultAsync(t => t.Name == name && t.Locale == locale && t.Version == version, ct);
        return found is null
            ? Problems.NotFound($"Template '{name}' ({locale}) has no version {version}.")
            : TypedResults.Ok(EmailTemplateView.From(found));
    }

    private static async Task<Results<Created<EmailTemplateView>, ValidationProblem, ProblemHttpResult>> Save(string name,
        SaveEmailTemplateRequest body, DbContext db, EmailTemplates templates, IOptions<SmtpOptions> smtp, TimeProvider clock,
        CancellationToken ct)
    {
        var locale = body.Locale ?? smtp.Value.DefaultLocale;
        var errors = templates.Check(body.Subject, body.Body, body.HtmlBody);
        if (!EmailTemplates.IsName(name))
            errors["name"] = ["Lower-case letters, digits and dashes, at most 100 (e.g. request-received)."];
        if (!EmailTemplates.IsLocale(locale))
            errors["locale"] = ["A language tag such as en or zh-CN."];
        if (body.Description is { Length: > 500 })
            errors["description"] = ["At most 500 characters."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        var current = await db.Set<EmailTemplateRecord>().Where(t => t.Name == name && t.Locale == locale)
            .MaxAsync(t => (int?)t.Version, ct) ?? 0;
        var record = new EmailTemplateRecord
        {
            Id = Guid.NewGuid(),
            Name = name,
            Locale = locale,
            Version = current + 1,
            Subject = body.Subject!,
            Body = body.Body!,
            HtmlBody = string.IsNullOrEmpty(body.HtmlBody) ? null : body.HtmlBody,
            Description = body.Description,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"Version {record.Version} of '{name}' ({locale}) was saved by someone else at the same moment; load it and save again.");
        }
        return TypedResults.Created($"/api/email-templates/{name}/versions/{record.Version}?locale={locale}", EmailTemplateView.From(record));
    }

    private static async Task<Results<Ok<RenderedEmail>, ProblemHttpResult>> Preview(string name, PreviewEmailRequest? body, DbContext db,
        EmailTemplates templates, IOptions<SmtpOptions> smtp, CancellationToken ct)
    {
        var locale = body?.Locale ?? smtp.Value.DefaultLocale;
        var versions = await VersionsOf(db, name, locale, ct);
        if (versions.Count == 0)
            return Missing(name, locale);
        try
        {
            return TypedResults.Ok(templates.Render(versions[0], new JsonObject { ["model"] = body?.Model?.DeepClone() ?? new JsonObject() }));
        }
        catch (Exception e) when (e is ExpressionException or Scriban.Syntax.ScriptRuntimeException or InvalidOperationException)
        {
            return Problems.Unprocessable("The template does not render with this model", e.Message);
        }
    }

    private static Task<List<EmailTemplateRecord>> VersionsOf(DbContext db, string name, string locale, CancellationToken ct) =>
        db.Set<EmailTemplateRecord>().AsNoTracking().Where(t => t.Name == name && t.Locale == locale)
            .OrderByDescending(t => t.Version).ToListAsync(ct);

    private static ProblemHttpResult Missing(string name, string locale) => Problems.NotFound($"No email template '{name}' in '{locale}'.");
}
