using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Expressions;
using Scriban.Runtime;

namespace Orchestrator.EngineHost.Features.Email;

public sealed record RenderedEmail(string Subject, string Text, string? Html);

/// <summary>Finds, checks, saves and renders stored email templates (sandboxed Scriban, like every flow expression).</summary>
public sealed partial class EmailTemplates(ExpressionEngine expressions)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocalePattern();

    public static bool IsName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static bool IsLocale(string? locale) => locale is not null && LocalePattern().IsMatch(locale);

    /// <summary>The newest version of a template in a language, falling back to the default language, then to any.</summary>
    public static async Task<EmailTemplateRecord?> NewestAsync(DbContext db, string name, string? locale, string defaultLocale,
        CancellationToken ct)
    {
        var versions = await db.Set<EmailTemplateRecord>().AsNoTracking().Where(t => t.Name == name).ToListAsync(ct);
        var candidates = versions.GroupBy(t => t.Locale).Select(g => g.MaxBy(t => t.Version)!).ToList();
        return candidates.FirstOrDefault(t => string.Equals(t.Locale, locale, StringComparison.OrdinalIgnoreCase))
               ?? candidates.FirstOrDefault(t => locale is not null && t.Locale.StartsWith(locale.Split('-')[0] + "-", StringComparison.OrdinalIgnoreCase))
               ?? candidates.FirstOrDefault(t => string.Equals(t.Locale, defaultLocale, StringComparison.OrdinalIgnoreCase))
               ?? candidates.OrderBy(t => t.Locale, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Parse errors by field (<c>subject</c>, <c>body</c>, <c>htmlBody</c>); empty when all parse.</summary>
    public Dictionary<string, string[]> Check(string? subject, string? body, string? htmlBody)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(subject)) errors["subject"] = ["A subject is required."];
        else if (subject.Length > 1000) errors["subject"] = ["At most 1000 characters."];
        else if (expressions.Check(subject, isTemplate: true) is { Count: > 0 } s) errors["subject"] = [.. s];
        if (string.IsNullOrWhiteSpace(body)) errors["body"] = ["A body is required."];
        else if (body.Length > 100_000) errors["body"] = ["At most 100,000 characters."];
        else if (expressions.Check(body, isTemplate: true) is { Count: > 0 } b) errors["body"] = [.. b];
        if (htmlBody is { Length: > 100_000 }) errors["htmlBody"] = ["At most 100,000 characters."];
        else if (!string.IsNullOrEmpty(htmlBody) && expressions.Check(htmlBody, isTemplate: true) is { Count: > 0 } h) errors["htmlBody"] = [.. h];
        return errors;
    }

    /// <summary>Renders the template against <paramref name="model"/> (roots such as <c>model</c>, <c>input</c>, <c>vars</c>).</summary>
    public RenderedEmail Render(EmailTemplateRecord template, JsonObject model)
    {
        var script = ExpressionEngine.ToScriptObject(model);
        var html = string.IsNullOrEmpty(template.HtmlBody) ? null : expressions.Render(template.HtmlBody, HtmlEscaped(model));
        return new RenderedEmail(expressions.Render(template.Subject, script).Trim(), expressions.Render(template.Body, script), html);
    }

    /// <summary>In an HTML body every string of the model is escaped: what a customer typed stays text.</summary>
    private static ScriptObject HtmlEscaped(JsonObject model) => ExpressionEngine.ToScriptObject(Escape(model)!.AsObject());

    private static JsonNode? Escape(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Escape(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Escape).ToArray()),
        JsonValue v when v.GetValueKind() == global::System.Text.Json.JsonValueKind.String => global::System.Net.WebUtility.HtmlEncode(v.GetValue<string>()),
        _ => node?.DeepClone(),
    };
}
