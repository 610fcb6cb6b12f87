using System.Text.Json;
using BotCore.Dialogs.Prompts;

namespace BotCore.Tests.Dialogs;

public sealed class MultiChoicePromptTests
{
    private static readonly Choice[] Channels =
    [
        new("email") { Title = "Email" },
        new("phone") { Title = "Phone call", Synonyms = ["telephone"] },
        new("sms") { Title = "Text message", Synonyms = ["sms"] },
    ];

    [Theory]
    [InlineData("email, phone", new[] { "email", "phone" })]
    [InlineData("3 and 1", new[] { "email", "sms" })]
    [InlineData("Telephone; text message; telephone", new[] { "phone", "sms" })]
    [InlineData("none", new string[0])]
    public async Task Typed_answers_name_several_choices_by_number_title_or_synonym(string typed, string[] expected)
    {
        var client = Client();
        await client.SayAsync("hi");

        await client.SayAsync(typed);

        var found = Assert.IsAssignableFrom<IReadOnlyList<FoundChoice>>(client.DialogTurnResult!.Result);
        Assert.Equal(expected, found.Select(f => f.Value));
    }

    [Fact]
    public async Task Ticked_boxes_arrive_comma_separated_from_the_card()
    {
        var client = Client();
        await client.SayAsync("hi");
        var card = client.Adapter.Sent[^1].Attachments![0].Content!.Value;
        var input = card.GetProperty("body")[1];
        Assert.Equal("Input.ChoiceSet", input.GetProperty("type").GetString());
        Assert.True(input.GetProperty("isMultiSelect").GetBoolean());

        await client.SubmitAsync(new Dictionary<string, string> { [input.GetProperty("id").GetString()!] = "sms,email" });

        var found = Assert.IsAssignableFrom<IReadOnlyList<FoundChoice>>(client.DialogTurnResult!.Result);
        Assert.Equal(["email", "sms"], found.Select(f => f.Value));
    }

    [Fact]
    public async Task Submitting_the_card_with_nothing_ticked_answers_none()
    {
        var client = Client();
        await client.SayAsync("hi");
        var submit = client.Adapter.Sent[^1].Attachments![0].Content!.Value.GetProperty("actions")[0];

        // Teams merges the inputs into the action's data; an empty multi-select may come back empty or not at all.
        await client.SubmitAsync(submit.GetProperty("data"));

        var found = Assert.IsAssignableFrom<IReadOnlyList<FoundChoice>>(client.DialogTurnResult!.Result);
        Assert.Empty(found);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"verb":"openPlan","planId":"p-1"}""")]
    public async Task A_press_on_some_other_card_is_not_taken_as_none(string otherCardData)
    {
        var client = Client();
        await client.SayAsync("hi");

        var replies = await client.SubmitAsync(JsonDocument.Parse(otherCardData).RootElement);

        Assert.Equal(["Which? (retry)"], replies);
        Assert.Null(client.DialogTurnResult?.Result);
    }

    [Fact]
    public async Task An_answer_naming_something_unknown_is_asked_again()
    {
        var client = Client();
        await client.SayAsync("hi");

        var replies = await client.SayAsync("email, pigeon");

        Assert.Equal(["Which? (retry)"], replies);
        Assert.Null(client.DialogTurnResult?.Result);
    }

    private static BotCore.Testing.DialogTestClient Client() => PromptHarness.Client(
        new MultiChoicePrompt("many"),
        new PromptOptions
        {
            Prompt = BotCore.Schema.ActivityExtensions.CreateMessage("Which?"),
            RetryPrompt = BotCore.Schema.ActivityExtensions.CreateMessage("Which? (retry)"),
            Choices = Channels,
        });
}
