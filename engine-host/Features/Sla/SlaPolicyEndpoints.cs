using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Sla;

public sealed record SlaPolicySummary(string PolicyId, string Name, string? Description, int? PublishedVersion,
    DateTimeOffset? EffectiveFrom, int? DraftVersion, int? DraftRevision);

public sealed record SlaVersionView(string PolicyId, int Version, SlaVersionStatus Status, int Revision, DateTimeOffset? EffectiveFrom,
    DateTimeOffset? PublishedAt, string? PublishedBy, string? Comment, DateTimeOffset UpdatedAt, SlaPolicyDocument? Document)
{
    public static SlaVersionView From(SlaPolicyVersionRecord v, bool withDocument = true) =>
        new(v.PolicyId, v.Version, v.Status, v.Revision, v.EffectiveFrom, v.PublishedAt, v.PublishedBy, v.Comment, v.UpdatedAt,
            withDocument ? SlaPolicyStore.Deserialize(v.Document) : null);
}

public sealed record NewSlaPolicy(string? PolicyId, string? Name, string? Description, SlaPolicyDocument? Document);

public sealed record SlaDraft(SlaPolicyDocument? Document, string? Comment);

/// <param name="EffectiveFrom">When requests start to run under this version; default now, never before the previous version's.</param>
public sealed record SlaPublish(DateTimeOffset? EffectiveFrom, string? Comment);

internal static class SlaPolicyEndpoints
{
    public static IEndpointRouteBuilder MapSlaPolicies(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla-policies").WithTags("SLA policies");
        group.MapGet("/", ListAsync).Produces<List<SlaPolicySummary>>().WithSummary("Every policy with its published version and draft");
        group.MapPost("/evaluate", SlaEvaluation.EvaluateAsync).Produces<SlaEvaluationAnswer>().ProducesValidationProblem()
            .ProducesProblem(404)
            .WithSummary("Which rule of the version in effect at openedAt applies to a request, and the due times that follow");
        group.MapPost("/", CreateAsync).Produces<SlaVersionView>(201).ProducesValidationProblem().ProducesProblem(409)
            .WithSummary("A new policy, its document saved as draft version 1");
        group.MapGet("/{policyId}", GetAsync).Produces<SlaVersionView>().ProducesProblem(404)
            .WithSummary("The policy's draft if it has one, else its latest published version");
        group.MapPut("/{policyId}/draft", SlaDrafts.SaveAsync).Produces<SlaVersionView>().ProducesValidationProblem()
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(412)
            .WithSummary("Save the draft (a new version after the last published one); If-Match: \"<revision>\" detects a save meanwhile");
        group.MapPost("/{policyId}/publish", SlaDrafts.PublishAsync).Produces<SlaVersionView>().ProducesValidationProblem()
            .ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Publish the draft from effectiveFrom on; requests already opened keep the version they were evaluated under");
        group.MapGet("/{policyId}/versions", VersionsAsync).Produces<List<SlaVersionView>>().ProducesProblem(404)
            .WithSummary("Every version, newest first (without documents)");
        group.MapGet("/{policyId}/versions/{version:int}", VersionAsync).Produces<SlaVersionView>().ProducesProblem(404)
            .WithSummary("One version with its document; older versions stay readable");
        group.MapCalendarImport();
        group.MapDraftTools();
        group.MapImpact(app);
        group.MapApply();
        app.MapSlaReports();
        return app;
    }

    private static async Task<IResult> ListAsync(DbContext db, CancellationToken ct)
    {
        var policies = await db.Set<SlaPolicyRecord>().AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var versions = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .Select(v => new { v.PolicyId, v.Version, v.Status, v.EffectiveFrom, v.Revision }).ToListAsync(ct);
        return TypedResults.Ok(policies.Select(p =>
        {
            var published = versions.Where(v => v.PolicyId == p.Id && v.Status == SlaVersionStatus.Published).MaxBy(v => v.Version);
            var draft = versions.FirstOrDefault(v => v.PolicyId == p.Id && v.Status == SlaVersionStatus.Draft);
            return new SlaPolicySummary(p.Id, p.Name, p.Description, published?.Version, published?.EffectiveFrom, draft?.Version,
                draft?.Revision);
        }).ToList());
    }

    private static async Task<IResult> CreateAsync(NewSlaPolicy body, DbContext db, CancellationToken ct)
    {
        var e = new FieldErrors();
        var id = e.Required("policyId", body.PolicyId, 64).ToLowerInvariant();
        if (id.Length > 0 && !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            e.Add("policyId", "A policy id has letters, digits, - and _ only.");
        var name = e.Required("name", body.Name ?? body.Document?.Name);
        var description = e.Optional("description", body.Description ?? body.Document?.Description, 2000);
        var document = SlaDrafts.Check(body.Document, id, 1, e);
        if (e.Any)
            return Problems.Invalid(e.ToDictionary());
        if (await db.Set<SlaPolicyRecord>().AnyAsync(p => p.Id == id, ct))
            return Problems.Conflict($"SLA policy '{id}' exists; save a draft of it instead.");
        db.Add(new SlaPolicyRecord { Id = id, Name = name, Description = description });
        var draft = new SlaPolicyVersionRecord { PolicyId = id, Version = 1, Status = SlaVersionStatus.Draft, Document = document! };
        db.Add(draft);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict($"SLA policy '{id}' was created meanwhile.");
        }
        return TypedResults.Created($"/api/sla-policies/{id}", SlaVersionView.From(draft));
    }

    private static async Task<IResult> GetAsync(string policyId, DbContext db, CancellationToken ct)
    {
        var version = await db.Set<SlaPolicyVersionRecord>().AsNoTracking().Where(v => v.PolicyId == policyId)
            .OrderBy(v => v.Status == SlaVersionStatus.Draft ? 0 : 1).ThenByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        return version is null ? Problems.NotFound($"No SLA policy has the id '{policyId}'.") : TypedResults.Ok(SlaVersionView.From(version));
    }

    private static async Task<IResult> VersionsAsync(string policyId, DbContext db, CancellationToken ct)
    {
        var versions = await db.Set<SlaPolicyVersionRecord>().AsNoTracking().Where(v => v.PolicyId == policyId)
            .OrderByDescending(v => v.Version).ToListAsync(ct);
        return versions.Count == 0
            ? Problems.NotFound($"No SLA policy has the id '{policyId}'.")
            : TypedResults.Ok(versions.Select(v => SlaVersionView.From(v, withDocument: false)).ToList());
    }

    private static async Task<IResult> VersionAsync(string policyId, int version, DbContext db, CancellationToken ct) =>
        await db.Set<SlaPolicyVersionRecord>().AsNoTracking().FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Version == version, ct)
            is { } record
            ? TypedResults.Ok(SlaVersionView.From(record))
            : Problems.NotFound($"SLA policy '{policyId}' has no version {version}.");
}
