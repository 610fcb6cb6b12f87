using System.Text.Json;
using System.Text.Json.Serialization;

namespace TreatmentPlanning.Instruments;

/// <summary>
/// The rule language of instrument definitions. Exactly one of the properties is set:
/// <c>all</c>/<c>any</c>/<c>not</c> combine conditions; <c>item</c> compares one answer; <c>total</c> compares the total;
/// <c>count</c> compares how many of some items got a given answer value; <c>declined</c> holds when any of those items
/// was declined; <c>sex</c> holds for the client's sex; <c>positive</c> refers to the instrument's positive rule.
/// </summary>
public sealed record Condition
{
    public IReadOnlyList<Condition>? All { get; init; }
    public IReadOnlyList<Condition>? Any { get; init; }
    public Condition? Not { get; init; }
    public ItemComparison? Item { get; init; }
    public TotalComparison? Total { get; init; }
    public CountComparison? Count { get; init; }
    public IReadOnlyList<int>? Declined { get; init; }
    public Sex? Sex { get; init; }
    public bool? Positive { get; init; }

    /// <summary>The item numbers this condition reads (its own and its nested conditions').</summary>
    public IEnumerable<int> ItemsRead() =>
        new[] { Item?.Number }.OfType<int>()
            .Concat(Count?.Items ?? [])
            .Concat(Declined ?? [])
            .Concat((All ?? []).Concat(Any ?? []).Append(Not).OfType<Condition>().SelectMany(c => c.ItemsRead()));

    internal int KindCount =>
        (All is null ? 0 : 1) + (Any is null ? 0 : 1) + (Not is null ? 0 : 1) + (Item is null ? 0 : 1) +
        (Total is null ? 0 : 1) + (Count is null ? 0 : 1) + (Declined is null ? 0 : 1) + (Sex is null ? 0 : 1) +
        (Positive is null ? 0 : 1);

    internal bool UsesSex() =>
        Sex is not null || (All ?? Any ?? []).Any(c => c.UsesSex()) || Not?.UsesSex() == true;
}

/// <summary>At least one bound; all bounds given must hold. A bound is a number or the name of an instrument parameter.</summary>
public interface IComparison
{
    Threshold? AtLeast { get; }
    Threshold? AtMost { get; }
    Threshold? EqualTo { get; }
}

public sealed record ItemComparison : IComparison
{
    public required int Number { get; init; }
    public Threshold? AtLeast { get; init; }
    public Threshold? AtMost { get; init; }

    [JsonPropertyName("equals")]
    public Threshold? EqualTo { get; init; }
}

public sealed record TotalComparison : IComparison
{
    public Threshold? AtLeast { get; init; }
    public Threshold? AtMost { get; init; }

    [JsonPropertyName("equals")]
    public Threshold? EqualTo { get; init; }
}

public sealed record CountComparison : IComparison
{
    public required IReadOnlyList<int> Items { get; init; }

    /// <summary>The answer value counted (1 = "yes" on yes/no items).</summary>
    public int Value { get; init; } = 1;

    public Threshold? AtLeast { get; init; }
    public Threshold? AtMost { get; init; }

    [JsonPropertyName("equals")]
    public Threshold? EqualTo { get; init; }
}

/// <summary>A number, or in JSON a string naming an instrument parameter (e.g. <c>"atLeast": "cutOff"</c>).</summary>
[JsonConverter(typeof(ThresholdJsonConverter))]
public readonly record struct Threshold(int? Value, string? Parameter)
{
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Parameter ?? "";
}

internal sealed class ThresholdJsonConverter : JsonConverter<Threshold>
{
    public override Threshold Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => new Threshold(reader.GetInt32(), null),
            JsonTokenType.String => new Threshold(null, reader.GetString()),
            _ => throw new JsonException("A bound must be a whole number or the name of a parameter."),
        };

    public override void Write(Utf8JsonWriter writer, Threshold value, JsonSerializerOptions options)
    {
        if (value.Value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Parameter);
        }
    }
}

/// <summary>Sex as used by instruments with sex-specific cut-offs (AUDIT-C).</summary>
public enum Sex
{
    Female,
    Male,
}
