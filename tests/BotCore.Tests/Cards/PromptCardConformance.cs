namespace BotCore.Tests.Cards;

/// <summary>The prompt cards built in code pass the official parser with zero warnings, as every template in cards/ does.</summary>
[Collection(CardOracleCollection.Name)]
public sealed class PromptCardConformance(CardOracle oracle)
{
    public static TheoryData<string> Names() => [.. PromptCardCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Prompt_card_parses_without_warnings_in_the_official_library(string name)
    {
        var outcome = oracle["prompt: " + name];

        Assert.Equal("AdaptiveCard", outcome.Expanded?["type"]?.GetValue<string>());
        Assert.Empty(outcome.Validation);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Prompt_card_targets_schema_1_5_which_Teams_renders(string name)
    {
        Assert.Equal("1.5", oracle["prompt: " + name].Expanded?["version"]?.GetValue<string>());
    }
}
