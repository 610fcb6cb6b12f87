using System.Text.Json.Nodes;
using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Schema;
using BotCore.Tests.Dialogs;

namespace BotCore.Tests.Cards;

/// <summary>
/// The cards BotCore's prompts build in code (<see cref="PromptCards"/>), taken from what each prompt actually sends (with
/// its prompt token stamped in), so the official parser checks them like the templates in cards/.
/// </summary>
public static class PromptCardCases
{
    private static readonly Choice[] Three =
    [
        new("email") { Title = "Email" },
        new("phone") { Title = "Phone call" },
        new("sms") { Title = "Text message" },
    ];

    private static readonly Choice[] Eight = [.. Enumerable.Range(1, 8).Select(i => new Choice($"option-{i}") { Title = $"Option {i}: a longer label that wraps" })];

    public static IReadOnlyList<(string Name, Func<Dialog> Prompt, PromptOptions Options)> All { get; } =
    [
        ("choice as buttons", () => new ChoicePrompt("ask"), PromptOptions.Text("How should we contact you?") with { Choices = Three }),
        ("choice as buttons with suggested actions", () => new ChoicePrompt("ask"), PromptOptions.Text("How should we contact you?") with { Choices = Three, Style = PromptStyle.CardWithSuggestedActions }),
        ("choice as a drop-down", () => new ChoicePrompt("ask"), PromptOptions.Text("Which one?") with { Choices = Eight }),
        ("choice without a question", () => new ChoicePrompt("ask"), new PromptOptions { Choices = Three }),
        ("confirm", () => new ConfirmPrompt("ask"), PromptOptions.Text("Save this?")),
        ("multiple choice", () => new MultiChoicePrompt("ask"), PromptOptions.Text("Which apply? Tick all that do.") with { Choices = Eight }),
        ("date", () => new DatePrompt("ask"), PromptOptions.Text("When should it be done by?")),
    ];

    public static IEnumerable<OracleCase> OracleCases() => All.Select(c => new OracleCase("prompt: " + c.Name, Card(c.Prompt(), c.Options), Data: null, Validate: true));

    /// <summary>The one Adaptive Card the prompt sends when it asks.</summary>
    public static JsonNode Card(Dialog prompt, PromptOptions options)
    {
        var client = PromptHarness.Client(prompt, options);
        var turn = client.SendActivityAsync(client.Adapter.MakeMessage("hi")).GetAwaiter().GetResult();
        var attachment = Assert.Single(turn.Replies.SelectMany(r => r.Attachments ?? []), a => a.ContentType == ContentTypes.AdaptiveCard);
        return JsonNode.Parse(attachment.Content!.Value.GetRawText())!;
    }
}
