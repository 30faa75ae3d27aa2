using System.Globalization;
using System.Linq.Expressions;
using Orchestrator.Domain.Records;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>One page of a list, with the total the filters match.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>A query-string filter of a list, on an indexed column.</summary>
/// <param name="Apply">Narrows the query by the raw value; adds to the errors (naming the parameter) when the value is bad.</param>
public sealed record ListFilter<T>(string Name, string Description, Func<IQueryable<T>, string, FieldErrors, IQueryable<T>> Apply);

/// <summary>A sort key of a list: <c>?sort=name</c> ascending, <c>?sort=-name</c> descending.</summary>
public sealed record ListSort<T>(string Name, Func<IQueryable<T>, bool, IOrderedQueryable<T>> Apply);

/// <summary>Builds filters and sorts from member expressions; values become query parameters, never inlined SQL.</summary>
public static class Lists
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static ListFilter<T> Equal<T, TValue>(string name, Expression<Func<T, TValue>> member, Func<string, TValue?> parse,
        string description) =>
        new(name, description, (query, raw, errors) =>
        {
            var value = parse(raw);
            if (value is null)
            {
                errors.Add(name, $"'{raw}' is not a valid {name}.");
                return query;
            }
            return query.Where(Compare(member, value, ExpressionType.Equal));
        });

    public static ListFilter<T> Text<T>(string name, Expression<Func<T, string?>> member) =>
        Equal<T, string?>(name, member, raw => raw.Trim(), $"Only records whose {name} is exactly this.");

    public static ListFilter<T> Id<T>(string name, Expression<Func<T, Guid>> member) =>
        new(name, $"Only records of this {name}.", (q, raw, e) =>
            Guid.TryParse(raw, out var g) ? q.Where(Compare(member, g, ExpressionType.Equal)) : Bad(q, e, name, raw));

    public static ListFilter<T> Id<T>(string name, Expression<Func<T, Guid?>> member) =>
        Equal<T, Guid?>(name, member, raw => Guid.TryParse(raw, out var g) ? g : null, $"Only records of this {name}.");

    public static ListFilter<T> Enum<T, TEnum>(string name, Expression<Func<T, TEnum>> member) where TEnum : struct, Enum =>
        new(name, $"One of {string.Join(", ", global::System.Enum.GetNames<TEnum>())}.", (q, raw, e) =>
            global::System.Enum.TryParse<TEnum>(raw, true, out var v) && global::System.Enum.IsDefined(v) && !char.IsDigit(raw[0])
                ? q.Where(Compare(member, v, ExpressionType.Equal))
                : Bad(q, e, name, raw));

    public static ListFilter<T> Bool<T>(string name, Expression<Func<T, bool>> member) =>
        new(name, "true or false.", (q, raw, e) =>
            bool.TryParse(raw, out var v) ? q.Where(Compare(member, v, ExpressionType.Equal)) : Bad(q, e, name, raw));

    /// <summary><c>{name}From</c> and <c>{name}To</c>: the half-open range [from, to) of a time column.</summary>
    public static IEnumerable<ListFilter<T>> TimeRange<T>(string name, Expression<Func<T, DateTimeOffset>> member) =>
    [
        new($"{name}From", $"Only records with {name} at or after this time (ISO 8601).", (q, raw, e) =>
            ParseTime(raw) is { } t ? q.Where(Compare(member, t, ExpressionType.GreaterThanOrEqual)) : Bad(q, e, $"{name}From", raw)),
        new($"{name}To", $"Only records with {name} before this time (ISO 8601).", (q, raw, e) =>
            ParseTime(raw) is { } t ? q.Where(Compare(member, t, ExpressionType.LessThan)) : Bad(q, e, $"{name}To", raw)),
    ];

    public static ListSort<T> Sort<T, TKey>(string name, Expression<Func<T, TKey>> key) =>
        new(name, (q, descending) => descending ? q.OrderByDescending(key) : q.OrderBy(key));

    private static IQueryable<T> Bad<T>(IQueryable<T> query, FieldErrors errors, string name, string raw)
    {
        errors.Add(name, $"'{raw}' is not a valid {name}.");
        return query;
    }

    private static DateTimeOffset? ParseTime(string raw) =>
        DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : null;

    /// <summary><c>member op value</c>, the value read from a closure so EF sends it as a parameter.</summary>
    private static Expression<Func<T, bool>> Compare<T, TValue>(Expression<Func<T, TValue>> member, TValue value, ExpressionType op)
    {
        var holder = Expression.Property(Expression.Constant(new Holder<TValue>(value)), nameof(Holder<TValue>.Value));
        return Expression.Lambda<Func<T, bool>>(Expression.MakeBinary(op, member.Body, holder), member.Parameters);
    }

    private sealed record Holder<TValue>(TValue Value);
}
