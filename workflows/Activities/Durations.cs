using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Orchestrator.Workflows.Activities;

/// <summary>Durations as analysts write them: ISO-8601 (<c>PT30M</c>, <c>P7D</c>), <c>hh:mm:ss</c>, <c>7d</c>, <c>30m</c>, or seconds.</summary>
public static class Durations
{
    public static TimeSpan? Parse(JsonNode? value)
    {
        if (value is not JsonValue v) return null;
        if (v.GetValueKind() == JsonValueKind.Number) return TimeSpan.FromSeconds(double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
        return v.GetValueKind() == JsonValueKind.String ? Parse(v.GetValue<string>()) : null;
    }

    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try { return XmlConvert.ToTimeSpan(text); } catch (FormatException) { return null; }
        }
        // a bare number is seconds (TimeSpan.Parse would read "90" as 90 days)
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare)) return TimeSpan.FromSeconds(bare);
        if (text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)) return span;
        var unit = text[^1];
        if (double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return unit switch
            {
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => null,
            };
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : null;
    }
}
