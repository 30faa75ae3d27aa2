using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Records;
using Orchestrator.EngineHost.Features.System;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>A uniqueness rule: the field it names, and the records that would clash with a candidate.</summary>
public sealed record UniqueRule<T>(string Field, Func<T, Expression<Func<T, bool>>> Clashes, Func<T, string> Message);

/// <summary>
/// The REST surface of one kind of record: list (paged, filtered on indexed columns, sorted), get, create, update and
/// delete, with field-named validation problems, 409 on clashes, on audited records and on stale revisions.
/// A feature describes its record once; <see cref="RecordEndpoints"/> maps the routes.
/// </summary>
public sealed class RecordApi<T, TInput> where T : AuditedRecord where TInput : class
{
    public required string Route { get; init; }
    public required string Tag { get; init; }

    /// <summary>What one record is called in sentences: "customer".</summary>
    public required string Noun { get; init; }

    /// <summary>The record a route key names (an id, or a code, number or serial), or null when the key cannot name one.</summary>
    public required Func<string, Expression<Func<T, bool>>?> FindBy { get; init; }

    public required Func<T, string> KeyOf { get; init; }

    /// <summary>Validates the input into <see cref="RecordContext.Errors"/> and applies it to the record (null: create one).
    /// Returns null when there were errors.</summary>
    public required Func<RecordContext, TInput, T?, Task<T?>> Apply { get; init; }

    public IReadOnlyList<ListFilter<T>> Filters { get; init; } = [];

    /// <summary>Sort keys; the first is the default. Ties are broken by <see cref="ThenByKey"/>.</summary>
    public required IReadOnlyList<ListSort<T>> Sorts { get; init; }

    public required Func<IOrderedQueryable<T>, IOrderedQueryable<T>> ThenByKey { get; init; }

    public IReadOnlyList<UniqueRule<T>> Unique { get; init; } = [];

    public bool Deletable { get; init; } = true;

    /// <summary>Why the record refuses change now (e.g. a completed field task), or null.</summary>
    public Func<T, string?> RefuseChange { get; init; } = _ => null;

    /// <summary>Adds what a list view needs besides filters (e.g. a default scope).</summary>
    public Func<IQueryable<T>, IQueryable<T>> Scope { get; init; } = q => q;

    internal async Task<IResult?> CheckUniqueAsync(DbContext db, T candidate, CancellationToken ct)
    {
        foreach (var rule in Unique)
        {
            if (await db.Set<T>().AsNoTracking().AnyAsync(rule.Clashes(candidate), ct))
            {
                return Problems.Conflict(rule.Message(candidate), new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { [rule.Field] = [rule.Message(candidate)] },
                });
            }
        }
        return null;
    }

    internal static string? Locked(T record) =>
        record is IAuditLockable { AuditedAt: not null } ? "it is audited; un-audit it first" : null;
}

/// <summary>Helpers for records keyed by a <see cref="GuidRecord.Id"/>, optionally also by a natural key (code, number, serial).</summary>
public static class GuidKeys
{
    public static Func<string, Expression<Func<T, bool>>?> FindBy<T>(Func<string, Expression<Func<T, bool>>?>? alternate = null)
        where T : GuidRecord =>
        key => Guid.TryParse(key, out var id) ? x => x.Id == id : alternate?.Invoke(key);

    public static string KeyOf<T>(T record) where T : GuidRecord => record.Id.ToString();

    public static IOrderedQueryable<T> ThenById<T>(IOrderedQueryable<T> query) where T : GuidRecord => query.ThenBy(x => x.Id);
}
