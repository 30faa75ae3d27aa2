using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.EngineHost.Features.System;
using Orchestrator.Workflows.Expressions;

namespace Orchestrator.EngineHost.Features.Webhooks;

public sealed record EndpointView(string Name, string Source, string Url, int Secrets, WebhookAction Action, int PermitsPerMinute,
    string? Description)
{
    public static EndpointView From(ResolvedEndpoint e) =>
        new(e.Name, e.Source, $"/hooks/{e.Name}", e.Secrets.Count, e.Action, e.PermitsPerMinute, e.Description);
}

/// <summary>Answered once, at creation or rotation: the secret is not shown again.</summary>
public sealed record EndpointWithSecret(EndpointView Endpoint, string Secret);

public sealed record SaveEndpointRequest(string? Name, WebhookAction? Action, int? PermitsPerMinute, string? Description, List<string>? Secrets);

public sealed record RotateSecretRequest(string? Secret);

public sealed record ReceiptView(Guid Id, string Endpoint, string WebhookId, string? ExternalId, int StatusCode, JsonNode? Response,
    DateTimeOffset ReceivedAt);

internal static partial class WebhookEndpointAdmin
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();

    public static RouteGroupBuilder MapEndpointAdmin(this RouteGroupBuilder group)
    {
        group.MapGet("/endpoints", List).WithSummary("Inbound endpoints, from configuration and from the database (secrets are never shown)");
        group.MapGet("/endpoints/{name}", Get).WithSummary("One inbound endpoint");
        group.MapPost("/endpoints", Create).WithSummary("Add an endpoint; its secret (generated unless given) is in this answer only");
        group.MapPut("/endpoints/{name}", Update).WithSummary("Change an endpoint's action, rate limit or description");
        group.MapDelete("/endpoints/{name}", Delete).WithSummary("Remove an endpoint added through the API");
        group.MapPost("/endpoints/{name}/secrets", Rotate)
            .WithSummary("Rotate: a new secret (in this answer only) is added, the newest old one stays valid beside it");
        group.MapGet("/endpoints/{name}/receipts/{webhookId}", Receipt).WithSummary("What a received webhook did (its first answer)");
        return group;
    }

    private static async Task<Ok<List<EndpointView>>> List(DbContext db, WebhookEndpointCatalog catalog, CancellationToken ct)
    {
        var stored = await db.Set<WebhookEndpointRecord>().AsNoTracking().OrderBy(e => e.Name).ToListAsync(ct);
        return TypedResults.Ok(catalog.Configured().Concat(stored.Where(s => !catalog.IsConfigured(s.Name)).Select(catalog.FromRecord))
            .Select(EndpointView.From).ToList());
    }

    private static async Task<Results<Ok<EndpointView>, ProblemHttpResult>> Get(string name, DbContext db, WebhookEndpointCatalog catalog,
        CancellationToken ct) =>
        await catalog.FindAsync(db, name, ct) is { } e ? TypedResults.Ok(EndpointView.From(e)) : Problems.NotFound($"No webhook endpoint is named '{name}'.");

    private static async Task<Results<Created<EndpointWithSecret>, ValidationProblem, ProblemHttpResult>> Create(SaveEndpointRequest body,
        DbContext db, WebhookEndpointCatalog catalog, IEnumerable<IWebhookAction> actions, ExpressionEngine expressions, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = Check(body, actions, expressions);
        if (body.Name is null || !NamePattern().IsMatch(body.Name))
            errors["name"] = ["Lower-case letters, digits and dashes, at most 64 (e.g. warehouse-scans)."];
        var secrets = body.Secrets is { Count: > 0 } given ? given : [WebhookSignature.NewSecret()];
        if (secrets.Count > 2 || secrets.Any(s => WebhookSignature.SecretBytes(s) is null))
            errors["secrets"] = ["One or two secrets, each whsec_ followed by base64 of at least 16 bytes."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        if (catalog.IsConfigured(body.Name!) || await db.Set<WebhookEndpointRecord>().AnyAsync(e => e.Name == body.Name, ct))
            return Problems.Conflict($"An endpoint named '{body.Name}' exists already.");
        var now = clock.GetUtcNow();
        var record = new WebhookEndpointRecord
        {
            Name = body.Name!,
            Action = JsonSerializer.Serialize(body.Action, WebhookEndpointCatalog.Json),
            ProtectedSecrets = catalog.ProtectSecrets(secrets),
            PermitsPerMinute = body.PermitsPerMinute,
            Description = body.Description,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"An endpoint named '{body.Name}' was added at the same moment.");
        }
        return TypedResults.Created($"/api/webhooks/endpoints/{record.Name}",
            new EndpointWithSecret(EndpointView.From(catalog.FromRecord(record)), secrets[^1]));
    }

    private static async Task<Results<Ok<EndpointView>, ValidationProblem, ProblemHttpResult>> Update(string name, SaveEndpointRequest body,
        DbContext db, WebhookEndpointCatalog catalog, IEnumerable<IWebhookAction> actions, ExpressionEngine expressions, TimeProvider clock,
        CancellationToken ct)
    {
        if (catalog.IsConfigured(name))
            return Problems.Conflict($"'{name}' is configured in Webhooks:Endpoints; change it there.");
        var record = await db.Set<WebhookEndpointRecord>().FirstOrDefaultAsync(e => e.Name == name, ct);
        if (record is null)
            return Problems.NotFound($"No webhook endpoint is named '{name}'.");
        var errors = Check(body, actions, expressions);
        if (body.Secrets is not null)
            errors["secrets"] = ["Secrets change only by rotation: POST /api/webhooks/endpoints/{name}/secrets."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);
        record.Action = JsonSerializer.Serialize(body.Action, WebhookEndpointCatalog.Json);
        record.PermitsPerMinute = body.PermitsPerMinute;
        record.Description = body.Description;
        record.UpdatedAt = clock.GetUtcNow();
        record.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(EndpointView.From(catalog.FromRecord(record)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string name, DbContext db, WebhookEndpointCatalog catalog,
        CancellationToken ct)
    {
        if (catalog.IsConfigured(name))
            return Problems.Conflict($"'{name}' is configured in Webhooks:Endpoints; remove it there.");
        var removed = await db.Set<WebhookEndpointRecord>().Where(e => e.Name == name).ExecuteDeleteAsync(ct);
        return removed > 0 ? TypedResults.NoContent() : Problems.NotFound($"No webhook endpoint is named '{name}'.");
    }

    private static async Task<Results<Ok<EndpointWithSecret>, ValidationProblem, ProblemHttpResult>> Rotate(string name,
        RotateSecretRequest? body, DbContext db, WebhookEndpointCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        if (catalog.IsConfigured(name))
            return Problems.Conflict($"'{name}' is configured in Webhooks:Endpoints:{name}:Secrets; rotate it there (two secrets at once).");
        var record = await db.Set<WebhookEndpointRecord>().FirstOrDefaultAsync(e => e.Name == name, ct);
        if (record is null)
            return Problems.NotFound($"No webhook endpoint is named '{name}'.");
        var secret = body?.Secret ?? WebhookSignature.NewSecret();
        if (WebhookSignature.SecretBytes(secret) is null)
            return Problems.Invalid("secret", "whsec_ followed by base64 of at least 16 bytes.");
        var secrets = catalog.Secrets(record).TakeLast(1).Append(secret).ToList();
        record.ProtectedSecrets = catalog.ProtectSecrets(secrets);
        record.UpdatedAt = clock.GetUtcNow();
        record.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new EndpointWithSecret(EndpointView.From(catalog.FromRecord(record)), secret));
    }

    private static async Task<Results<Ok<ReceiptView>, ProblemHttpResult>> Receipt(string name, string webhookId, DbContext db, CancellationToken ct) =>
        await db.Set<WebhookReceiptRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Endpoint == name && r.WebhookId == webhookId, ct) is { } r
            ? TypedResults.Ok(new ReceiptView(r.Id, r.Endpoint, r.WebhookId, r.ExternalId, r.StatusCode, JsonNode.Parse(r.Response), r.ReceivedAt))
            : Problems.NotFound($"'{name}' has accepted no webhook with the id '{webhookId}'.");

    private static Dictionary<string, string[]> Check(SaveEndpointRequest body, IEnumerable<IWebhookAction> actions, ExpressionEngine expressions)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Action is null)
        {
            errors["action"] = ["Say what the endpoint does: { kind: RaiseEvent | StartFlow, … }."];
            return errors;
        }
        var action = actions.LastOrDefault(a => a.Kind == body.Action.Kind);
        if (action is null)
            errors["action.kind"] = [$"Use one of: {string.Join(", ", actions.Select(a => a.Kind).Distinct())}."];
        else
            foreach (var (field, messages) in action.Check(body.Action, expressions))
                errors[field] = messages;
        if (body.PermitsPerMinute is < 1 or > 100_000)
            errors["permitsPerMinute"] = ["Between 1 and 100000."];
        if (body.Description is { Length: > 500 })
            errors["description"] = ["At most 500 characters."];
        return errors;
    }
}
