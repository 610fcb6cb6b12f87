using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;

namespace BotCore.Tests.Dialogs;

/// <summary>The single-choice prompt: how it recognises an answer and how it shows the choices (buttons, text, drop-down).</summary>
public sealed class ChoicePromptTests
{
    private const string Question = "Question?";
    private const string Retry = "Try again?";

    private static readonly Choice[] Contacts =
    [
        new("email") { Title = "Email", Synonyms = ["mail", "e-mail"] },
        new("phone") { Title = "Phone call", Synonyms = ["call", "telephone"] },
        new("sms") { Title = "Text message", Synonyms = ["text", "sms"] },
    ];

    [Theory]
    [InlineData("2", "phone", 1)]
    [InlineData("Phone call", "phone", 1)]
    [InlineData("phone CALL", "phone", 1)]
    [InlineData("TELEPHONE", "phone", 1)]
    [InlineData("sms", "sms", 2)]
    [InlineData("Email.", "email", 0)]
    [InlineData("1", "email", 0)]
    public async Task Choice_prompt_recognises_the_number_the_title_the_value_or_a_synonym(string typed, string value, int index)
    {
        var client = ChoiceClient();
        await client.SayAsync("hi");

        await client.SayAsync(typed);

        Assert.Equal(new FoundChoice(value, index), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Choice_prompt_accepts_a_button_click_arriving_as_a_value_without_text()
    {
        var client = ChoiceClient();
        await client.SayAsync("hi");
        var card = PromptHarness.CardOf(client.Adapter.Sent[^1]);
        var smsButtonData = card.GetProperty("actions")[2].GetProperty("data");

        await client.SubmitAsync(smsButtonData);

        Assert.Equal(new FoundChoice("sms", 2), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Choice_prompt_shows_an_adaptive_card_with_submit_buttons_and_no_imback()
    {
        var client = ChoiceClient();

        Assert.Equal([Question], await client.SayAsync("hi"));

        var reply = client.Adapter.Sent[^1];
        var card = PromptHarness.CardOf(reply);
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        var actions = card.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(["Email", "Phone call", "Text message"], actions.Select(a => a.GetProperty("title").GetString()));
        Assert.All(actions, a => Assert.Equal("Action.Submit", a.GetProperty("type").GetString()));
        Assert.Equal(["email", "phone", "sms"], actions.Select(a => a.GetProperty("data").GetProperty(PromptCards.ChoiceInputId).GetString()));
        Assert.DoesNotContain("imBack", JsonSerializer.Serialize(reply, BotJson.Options), StringComparison.OrdinalIgnoreCase);
        Assert.Null(reply.SuggestedActions);
    }

    [Fact]
    public async Task Choice_prompt_can_add_suggested_actions_beside_the_card()
    {
        var client = PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question) with { Choices = Contacts, Style = PromptStyle.CardWithSuggestedActions });

        await client.SayAsync("hi");

        var reply = client.Adapter.Sent[^1];
        Assert.Single(reply.Attachments!);
        Assert.Equal(["Email", "Phone call", "Text message"], reply.SuggestedActions!.Actions!.Select(a => a.Title));
    }

    [Fact]
    public async Task Choice_prompt_in_text_style_lists_numbered_answers()
    {
        var client = PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question) with { Choices = Contacts, Style = PromptStyle.Text });

        Assert.Equal([Question + "\n\n1. Email\n2. Phone call\n3. Text message"], await client.SayAsync("hi"));
        await client.SayAsync("3");

        Assert.Equal(new FoundChoice("sms", 2), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Choice_prompt_in_question_only_style_sends_the_question_alone_and_still_takes_the_answer()
    {
        var client = PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question) with { Choices = Contacts, Style = PromptStyle.QuestionOnly });

        Assert.Equal([Question], await client.SayAsync("hi"));
        Assert.Null(client.Adapter.Sent[^1].Attachments);
        await client.SayAsync("phone call");

        Assert.Equal(new FoundChoice("phone", 1), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Long_answers_are_listed_in_full_and_their_buttons_stay_short()
    {
        var goals = new[]
        {
            new Choice("safe") { Title = "I want to be safe and have fewer thoughts of ending my life." },
            new Choice("active") { Title = "I want to start doing things I used to enjoy again." },
        };
        var client = PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question) with { Choices = goals });
        await client.SayAsync("hi");

        var card = PromptHarness.CardOf(client.Adapter.Sent[^1]);
        var texts = card.GetProperty("body").EnumerateArray().Select(b => b.GetProperty("text").GetString()).ToList();
        var titles = card.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!).ToList();

        Assert.Contains("1. I want to be safe and have fewer thoughts of ending my life.", texts);
        Assert.Contains("2. I want to start doing things I used to enjoy again.", texts);
        Assert.Equal(["1. I want to be safe and…", "2. I want to start doing…"], titles);
        Assert.All(titles, t => Assert.True(t.Length <= 40));
    }

    [Fact]
    public async Task A_drop_down_starts_on_the_selected_choice()
    {
        var many = Enumerable.Range(1, 8).Select(i => new Choice($"option-{i}") { Title = $"Option {i}" }).ToArray();
        var client = PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question) with { Choices = many, SelectedChoice = "option-3" });
        await client.SayAsync("hi");

        var input = PromptHarness.CardOf(client.Adapter.Sent[^1]).GetProperty("body").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "Input.ChoiceSet");

        Assert.Equal("option-3", input.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Choice_prompt_with_many_answers_uses_a_drop_down_whose_submit_carries_the_choice()
    {
        var many = Enumerable.Range(1, 8).Select(i => new Choice($"option-{i}") { Title = $"Option {i}" }).ToArray();
        var client = PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question) with { Choices = many });
        await client.SayAsync("hi");

        var card = PromptHarness.CardOf(client.Adapter.Sent[^1]);
        var choiceSet = card.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Input.ChoiceSet");
        Assert.Equal(PromptCards.ChoiceInputId, choiceSet.GetProperty("id").GetString());
        Assert.Single(card.GetProperty("actions").EnumerateArray());

        await client.SubmitAsync(new Dictionary<string, string> { [PromptCards.ChoiceInputId] = "option-7" });

        Assert.Equal(new FoundChoice("option-7", 6), client.DialogTurnResult!.Result);
    }

    [Fact]
    public async Task Choice_prompt_asks_again_with_the_buttons_after_an_unknown_answer()
    {
        var client = ChoiceClient();
        await client.SayAsync("hi");

        Assert.Equal([Retry], await client.SayAsync("fax"));

        Assert.Equal(3, PromptHarness.CardOf(client.Adapter.Sent[^1]).GetProperty("actions").GetArrayLength());
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult!.Status);
    }

    private static BotCore.Testing.DialogTestClient ChoiceClient() =>
        PromptHarness.Client(new ChoicePrompt("c"), PromptOptions.Text(Question, Retry) with { Choices = Contacts });
}
