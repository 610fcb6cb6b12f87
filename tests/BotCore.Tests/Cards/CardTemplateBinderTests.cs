using System.Text.Json.Nodes;
using BotCore.Cards;

namespace BotCore.Tests.Cards;

/// <summary>Every feature of the binder against the official adaptivecards-templating engine.</summary>
[Collection(CardOracleCollection.Name)]
public sealed class CardTemplateBinderTests(CardOracle oracle)
{
    public static TheoryData<string> CaseNames() => [.. BinderCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Expansion_equals_the_official_engine(string name)
    {
        var binderCase = BinderCases.All.Single(c => c.Name == name);
        var expected = oracle["binder: " + name];

        CardAssert.ExpandsLikeTheOracle(binderCase.Template, binderCase.Data, binderCase.Host, expected);
    }

    [Fact]
    public void Whole_cards_in_the_table_parse_without_warnings_in_the_official_library()
    {
        var cards = BinderCases.All.Select(c => oracle["binder: " + c.Name])
            .Where(o => o.Expanded?["type"]?.GetValue<string>() == "AdaptiveCard")
            .ToList();

        Assert.NotEmpty(cards);
        Assert.All(cards, card => Assert.Empty(card.Validation));
    }

    [Fact]
    public void A_parsed_template_expands_many_times_with_different_data()
    {
        var template = AdaptiveCardTemplate.Parse("""{"rows": [{"$data": "${people}", "text": "${$index}: ${name}"}]}""");

        var first = template.Expand(JsonNode.Parse("""{"people": [{"name": "Sam Sample"}]}"""));
        var second = template.Expand(JsonNode.Parse("""{"people": [{"name": "Alex Test"}, {"name": "Kim Demo"}]}"""));

        Assert.Equal("""{"rows":[{"text":"0: Sam Sample"}]}""", first.ToJsonString());
        Assert.Equal("""{"rows":[{"text":"0: Alex Test"},{"text":"1: Kim Demo"}]}""", second.ToJsonString());
    }

    [Fact]
    public void Expansion_does_not_alter_the_data()
    {
        var data = JsonNode.Parse("""{"items": [{"a": 1}], "o": {"b": 2}}""")!;
        var before = data.ToJsonString();

        var card = AdaptiveCardTemplate.Parse("""{"all": "${items}", "o": "${o}"}""").Expand(data);
        card["all"]!.AsArray().Add(3);

        Assert.Equal(before, data.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a": "${first(items)}"}""", "first")]
    [InlineData("""{"a": "${toUpper(name, 'tr', 3)}"}""", "toUpper")]
    [InlineData("""{"a": "${name +}"}""", "Invalid expression")]
    [InlineData("""{"a": "${ {x: 1} }"}""", "Object literals")]
    [InlineData("""{"a": "text with ` and ${name}"}""", "backtick")]
    [InlineData("""{"a": """, "not valid JSON")]
    public void Templates_outside_the_supported_subset_fail_when_parsed(string template, string messagePart)
    {
        var error = Assert.Throws<CardTemplateException>(() => AdaptiveCardTemplate.Parse(template));

        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${formatDateTime(when, 'yyyy-MM-dd hh:mm a')}")]
    [InlineData("${formatNumber(n, 2, 'fr-FR')}")]
    [InlineData("on ${formatDateTime('March 5, 2024')}")]
    public void Formats_outside_the_supported_subset_fail_rather_than_differ(string binding)
    {
        var template = AdaptiveCardTemplate.Parse("{\"a\": \"" + binding + "\"}");

        Assert.Throws<CardTemplateException>(() => template.Expand(JsonNode.Parse("""{"when": "2024-01-01T00:00:00Z", "n": 1}""")));
    }

    [Fact]
    public void A_root_dropped_by_when_is_reported()
    {
        var template = AdaptiveCardTemplate.Parse("""{"$when": "${show}", "type": "AdaptiveCard"}""");

        Assert.Throws<CardTemplateException>(() => template.Expand(JsonNode.Parse("""{"show": false}""")));
    }
}

internal static class CardAssert
{
    public static void ExpandsLikeTheOracle(string template, string? data, string? host, OracleOutcome expected) =>
        ExpandsLikeTheOracle(() => AdaptiveCardTemplate.Parse(template), JsonNode.Parse(data ?? "null"), host is null ? null : JsonNode.Parse(host), expected);

    public static void ExpandsLikeTheOracle(Func<AdaptiveCardTemplate> parse, JsonNode? data, JsonNode? host, OracleOutcome expected)
    {
        if (expected.Error is not null)
        {
            var error = Record.Exception(() => parse().Expand(data, host));
            Assert.True(error is CardTemplateException, $"The official engine fails ({expected.Error}) but the binder gave {error?.ToString() ?? "a card"}.");
            return;
        }

        var actual = parse().Expand(data, host);
        Assert.True(
            JsonNode.DeepEquals(expected.Expanded, actual),
            $"Official engine:\n{expected.Expanded?.ToJsonString()}\nBinder:\n{actual.ToJsonString()}");
    }
}

public sealed class CardTemplateDataFromCodeTests
{
    [Fact]
    public void Data_built_in_code_binds_like_parsed_json()
    {
        var template = AdaptiveCardTemplate.Parse("""{"a": "${whole} ${big} ${money} ${small} ${day} ${id}", "n": "${money}"}""");
        var data = new JsonObject
        {
            ["whole"] = 3,
            ["big"] = 5_000_000_000L,
            ["money"] = 12.50m,
            ["small"] = 1.5f,
            ["day"] = new DateTime(2024, 3, 5, 0, 0, 0, DateTimeKind.Utc),
            ["id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        };

        var card = template.Expand(data);

        Assert.Equal("3 5000000000 12.5 1.5 2024-03-05T00:00:00Z 0f8fad5b-d9cb-469f-a165-70867728950e", card["a"]!.GetValue<string>());
        Assert.Equal(12.5, card["n"]!.GetValue<double>());
    }
}
