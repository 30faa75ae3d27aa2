using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Orchestrator.Domain.Records;

/// <summary>
/// An amount of yuan (CNY), held as whole fen so it stores as an integer on every database (SQLite keeps decimals as
/// text, which neither sums nor sorts) and never picks up binary rounding. JSON shows it as a number of yuan: 12.50.
/// </summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money(long Fen) : IComparable<Money>
{
    public const decimal MaxYuan = 1_000_000_000m;

    public static Money Zero => default;

    public decimal Yuan => Fen / 100m;

    public static Money FromYuan(decimal yuan) => new((long)decimal.Round(yuan * 100m, MidpointRounding.AwayFromZero));

    public static Money operator +(Money a, Money b) => new(a.Fen + b.Fen);

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    public override string ToString() => Yuan.ToString("0.00", CultureInfo.InvariantCulture);
}

public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Money.FromYuan(reader.GetDecimal());

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Yuan);
}

/// <summary>Stores <see cref="Money"/> as its fen: an integer column that sums and sorts on every provider.</summary>
public sealed class MoneyConverter() : ValueConverter<Money, long>(m => m.Fen, fen => new Money(fen));
