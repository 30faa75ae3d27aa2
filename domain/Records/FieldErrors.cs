using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Domain.Records;

/// <summary>Validation problems by field (camelCase JSON names), to answer as problem details naming each field.</summary>
public sealed partial class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Copies <paramref name="other"/>'s errors, each field under <paramref name="prefix"/> (<c>document.rules[0].id</c>).</summary>
    public FieldErrors AddAll(string prefix, FieldErrors other)
    {
        foreach (var (field, messages) in other._errors)
        {
            foreach (var message in messages)
                Add($"{prefix}.{field}", message);
        }
        return this;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>Required text up to <paramref name="max"/> characters; returns the trimmed value.</summary>
    public string Required(string field, string? value, int max = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
            return "";
        }
        return Optional(field, value, max)!;
    }

    /// <summary>Optional text up to <paramref name="max"/> characters; blank becomes null.</summary>
    public string? Optional(string field, string? value, int max = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var trimmed = value.Trim();
        if (trimmed.Length > max)
            Add(field, $"{field} is at most {max} characters long.");
        return trimmed;
    }

    public T Required<T>(string field, T? value) where T : struct
    {
        if (value is null)
            Add(field, $"{field} is required.");
        return value.GetValueOrDefault();
    }

    public int Range(string field, int? value, int min, int max, int? fallback = null)
    {
        if (value is null)
        {
            if (fallback is null)
                Add(field, $"{field} is required.");
            return fallback ?? min;
        }
        if (value < min || value > max)
            Add(field, $"{field} must be between {min} and {max}.");
        return value.Value;
    }

    /// <summary>A required enum given as its name (any case).</summary>
    public TEnum Enum<TEnum>(string field, string? value) where TEnum : struct, Enum => ParseEnum<TEnum>(field, value, null);

    /// <summary>An enum given as its name (any case), <paramref name="fallback"/> when absent.</summary>
    public TEnum Enum<TEnum>(string field, string? value, TEnum fallback) where TEnum : struct, Enum =>
        ParseEnum<TEnum>(field, value, fallback);

    private TEnum ParseEnum<TEnum>(string field, string? value, TEnum? fallback) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (fallback is null)
                Add(field, $"{field} is required: one of {Names<TEnum>()}.");
            return fallback.GetValueOrDefault();
        }
        if (System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)
            && !char.IsDigit(value.Trim()[0]))
            return parsed;
        Add(field, $"'{value}' is not a valid {field}: one of {Names<TEnum>()}.");
        return fallback.GetValueOrDefault();
    }

    public TEnum? OptionalEnum<TEnum>(string field, string? value) where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null : Enum<TEnum>(field, value);

    public string? Email(string field, string? value)
    {
        var email = Optional(field, value, 200);
        if (email is not null && !EmailPattern().IsMatch(email))
            Add(field, $"'{email}' is not an email address.");
        return email;
    }

    /// <summary>An optional phone number: digits with spaces, dashes, brackets, a leading + and an extension
    /// (<c>ext</c>, <c>x</c> or 转); 5 to 20 digits in all.</summary>
    public string? Phone(string field, string? value)
    {
        var phone = Optional(field, value, 40);
        if (phone is not null && !(PhonePattern().IsMatch(phone) && phone.Count(char.IsAsciiDigit) is >= 5 and <= 20))
            Add(field, $"'{phone}' is not a phone number.");
        return phone;
    }

    public Money Money(string field, decimal? value)
    {
        if (value is null)
            return Records.Money.Zero;
        if (value < 0)
            Add(field, $"{field} cannot be negative.");
        else if (decimal.Round(value.Value, 2) != value.Value)
            Add(field, $"{field} has at most two decimals (fen).");
        else if (value > Records.Money.MaxYuan)
            Add(field, $"{field} is at most {Records.Money.MaxYuan.ToString(CultureInfo.InvariantCulture)}.");
        return Any && Has(field) ? Records.Money.Zero : Records.Money.FromYuan(value.Value);
    }

    /// <summary>Trimmed, distinct, non-blank items, each at most <paramref name="max"/> characters.</summary>
    public List<string> List(string field, IEnumerable<string?>? values, int max = 100)
    {
        var result = new List<string>();
        foreach (var value in values ?? [])
        {
            if (string.IsNullOrWhiteSpace(value))
                continue;
            var item = value.Trim();
            if (item.Length > max)
                Add(field, $"Each {field} item is at most {max} characters long.");
            else if (!result.Contains(item, StringComparer.OrdinalIgnoreCase))
                result.Add(item);
        }
        return result;
    }

    private static string Names<TEnum>() where TEnum : struct, Enum => string.Join(", ", System.Enum.GetNames<TEnum>());

    [GeneratedRegex(@"^\+?[0-9(][0-9 ()\-]*[0-9](\s*(ext\.?|x|转)\s*[0-9]{1,6})?$", RegexOptions.IgnoreCase)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
