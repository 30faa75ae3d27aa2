using System.Text.RegularExpressions;

namespace Orchestrator.Domain.Products;

/// <summary>
/// A product serial number (序列号) as stored and looked up: trimmed and upper-case, 3–64 letters, digits and
/// <c>- _ / .</c>, so "ab-123 " and "AB-123" are the same product.
/// </summary>
public static partial class SerialNumber
{
    public const int MaxLength = 64;

    /// <summary>The canonical form, or null when <paramref name="raw"/> is not a serial number.</summary>
    public static string? Normalize(string? raw)
    {
        var value = raw?.Trim().ToUpperInvariant();
        return value is not null && Pattern().IsMatch(value) ? value : null;
    }

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9\-_/.]{2,63}$")]
    private static partial Regex Pattern();
}
