using System.Text.Json.Nodes;
using BotCore.Cards;

namespace BotCore.Tests.Cards;

/// <summary>
/// Every template in the repository's cards/ folder, expanded with each of its sample data files
/// (cards/samples/&lt;template&gt;.&lt;case&gt;.json): the binder must equal the official engine, and the
/// card must be one Teams accepts. New templates and samples are picked up without code changes.
/// </summary>
[Collection(CardOracleCollection.Name)]
public sealed class CardTemplateConformance(CardOracle oracle)
{
    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var sample in CardSample.All())
        {
            data.Add(sample.Template, sample.Case);
        }

        return data;
    }

    public static TheoryData<string> Templates() => [.. CardSample.Templates()];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_has_sample_data(string template)
    {
        Assert.Contains(CardSample.All(), sample => sample.Template == template);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Binder_output_equals_the_official_engine(string template, string sampleCase)
    {
        var sample = new CardSample(template, sampleCase);
        var expected = oracle[sample.Id];

        Assert.Null(expected.Error);
        CardAssert.ExpandsLikeTheOracle(
            () => AdaptiveCardTemplate.Parse(File.ReadAllText(sample.TemplatePath)),
            JsonNode.Parse(File.ReadAllText(sample.DataPath)),
            host: null,
            expected);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Card_parses_without_warnings_in_the_official_library(string template, string sampleCase)
    {
        var outcome = oracle[new CardSample(template, sampleCase).Id];

        Assert.Equal("AdaptiveCard", outcome.Expanded?["type"]?.GetValue<string>());
        Assert.Empty(outcome.Validation);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Card_targets_schema_1_5_which_Teams_renders(string template, string sampleCase)
    {
        var card = Expand(new CardSample(template, sampleCase));

        Assert.Equal("1.5", card["version"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Card_stays_under_the_Teams_size_limit(string template, string sampleCase)
    {
        var card = Expand(new CardSample(template, sampleCase));

        Assert.True(CardSize.FitsInTeams(card), $"{CardSize.Utf8Bytes(card)} bytes is over the {CardSize.TeamsLimitBytes}-byte Teams limit: page the content.");
    }

    [Fact]
    public void The_library_loads_every_template_of_the_folder()
    {
        var library = new CardTemplateLibrary(CardSample.Folder);

        Assert.Equal(CardSample.Templates().Order(), library.Names.Order());
    }

    private static JsonObject Expand(CardSample sample) =>
        AdaptiveCardTemplate.Parse(File.ReadAllText(sample.TemplatePath)).Expand(JsonNode.Parse(File.ReadAllText(sample.DataPath)));
}
