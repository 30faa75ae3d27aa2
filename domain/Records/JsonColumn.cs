using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestrator.Domain.Records;

/// <summary>
/// Small structured values (contacts, addresses, parts used, lists of names) kept as one JSON text column: read and
/// written with their record, compared by content so a changed item is a changed column in the audit trail.
/// </summary>
public static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<List<T>> AsJson<T>(this PropertyBuilder<List<T>> property)
    {
        property.HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
            Comparer<List<T>>());
        return property;
    }

    /// <summary>Any nullable value as JSON text (null stays a database null).</summary>
    public static PropertyBuilder<T?> AsJsonValue<T>(this PropertyBuilder<T?> property) where T : class
    {
        property.HasConversion(
            v => v == null ? null : JsonSerializer.Serialize(v, Options),
            v => v == null ? null : JsonSerializer.Deserialize<T>(v, Options),
            Comparer<T?>());
        return property;
    }

    private static ValueComparer<T> Comparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
        v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!);
}
