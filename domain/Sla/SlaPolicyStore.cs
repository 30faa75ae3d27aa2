using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Sla;

/// <summary>
/// Finds the published policy version that applies at a moment and evaluates requests under it. Published versions
/// never change, so each is parsed once and kept.
/// </summary>
public sealed class SlaPolicyStore
{
    /// <summary>The policy service requests run under unless told otherwise.</summary>
    public const string DefaultPolicyId = "default";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly ConcurrentDictionary<(string, int), SlaPolicyVersion> _published = new();

    /// <summary>The published version of <paramref name="policyId"/> in effect at <paramref name="at"/>, or null.</summary>
    public async Task<SlaPolicyVersion?> EffectiveAsync(DbContext db, string policyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        at = at.ToUniversalTime(); // stored times are UTC; on SQLite they compare as numbers, so the offset must match
        var record = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .Where(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Published && v.EffectiveFrom <= at)
            .OrderByDescending(v => v.EffectiveFrom).ThenByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken);
        return record is null ? null : Parse(record);
    }

    /// <summary>One published version, as a request recorded it; null when there is no such version.</summary>
    public async Task<SlaPolicyVersion?> PublishedAsync(DbContext db, string policyId, int version, CancellationToken cancellationToken)
    {
        if (_published.TryGetValue((policyId, version), out var cached))
            return cached;
        var record = await db.Set<SlaPolicyVersionRecord>().AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyId == policyId && v.Version == version && v.Status == SlaVersionStatus.Published,
                cancellationToken);
        return record is null ? null : Parse(record);
    }

    public SlaPolicyVersion Parse(SlaPolicyVersionRecord record)
    {
        if (record.Status == SlaVersionStatus.Published && _published.TryGetValue((record.PolicyId, record.Version), out var cached))
            return cached;
        var errors = new FieldErrors();
        var version = SlaPolicyDocumentReader.Read(Deserialize(record.Document), record.PolicyId, record.Version, errors)
            ?? throw new InvalidOperationException(
                $"SLA policy {record.PolicyId} version {record.Version} is stored invalid: {string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value))}");
        if (record.Status == SlaVersionStatus.Published)
            _published[(record.PolicyId, record.Version)] = version;
        return version;
    }

    /// <summary>Evaluates <paramref name="request"/> under the version in effect when it was opened; null when the policy has none.</summary>
    public async Task<SlaEvaluation?> EvaluateAsync(DbContext db, string policyId, SlaRequest request, CancellationToken cancellationToken) =>
        await EffectiveAsync(db, policyId, request.OpenedAt, cancellationToken) is { } policy
            ? SlaRuleMatcher.Evaluate(policy, request)
            : null;

    public static SlaPolicyDocument? Deserialize(string json) => JsonSerializer.Deserialize<SlaPolicyDocument>(json, Json);

    public static string Serialize(SlaPolicyDocument document) => JsonSerializer.Serialize(document, Json);

    /// <summary>
    /// Makes sure the <see cref="DefaultPolicyId"/> policy exists, with the shipped promises published as version 1 in
    /// effect since 2000: requests always have a policy to run under. Safe to run on several hosts at once.
    /// </summary>
    public static async Task EnsureDefaultAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (await db.Set<SlaPolicyRecord>().AnyAsync(p => p.Id == DefaultPolicyId, cancellationToken))
            return;
        var since = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        db.Add(new SlaPolicyRecord { Id = DefaultPolicyId, Name = SlaPolicyDocument.ShippedDefault.Name! });
        db.Add(new SlaPolicyVersionRecord
        {
            PolicyId = DefaultPolicyId,
            Version = 1,
            Status = SlaVersionStatus.Published,
            Document = Serialize(SlaPolicyDocument.ShippedDefault),
            EffectiveFrom = since,
            PublishedAt = since,
            PublishedBy = "system",
            Comment = "Shipped default",
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // another host created it first
        }
        db.ChangeTracker.Clear();
    }
}
