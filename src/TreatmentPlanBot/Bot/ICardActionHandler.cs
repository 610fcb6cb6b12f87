using System.Text.Json;
using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;

namespace TreatmentPlanBot.Bot;

/// <summary>
/// Handles card buttons by verb, whether they arrive as Action.Execute (an adaptiveCard/action invoke, answered in
/// the HTTP response within Teams' few seconds) or as the Action.Submit fallback (a message with the verb in its value).
/// The card is never trusted: handlers re-read the record and check access.
/// </summary>
public interface ICardActionHandler
{
    IReadOnlyCollection<string> Verbs { get; }

    /// <summary>True for the few buttons a client presses (answering an invitation); every other verb is staff work.</summary>
    bool ForClients => false;

    Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken);
}

public sealed record CardActionContext(ITurnContext Turn, string Verb, JsonElement Data, TurnUser User, DialogContext Dialogs)
{
    public string? GetString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}

/// <summary>What a card action answers: a card that replaces the one clicked, or a short message.</summary>
public abstract record CardActionResult
{
    public static CardActionResult ShowCard(JsonElement card) => new ReplaceCard(card);

    public static CardActionResult Say(string text) => new Message(text);

    /// <summary>The result as a new message in the chat (for a typed command, or a client without card refresh).</summary>
    public Activity ToActivity(string? summary = null) => this switch
    {
        ReplaceCard card => new Activity
        {
            Type = ActivityTypes.Message,
            Summary = summary,
            Attachments = [ActivityExtensions.CreateAdaptiveCardAttachment(card.Card)],
        },
        Message message => ActivityExtensions.CreateMessage(message.Text),
        _ => throw new InvalidOperationException($"Unknown card action result {GetType().Name}."),
    };

    public sealed record ReplaceCard(JsonElement Card) : CardActionResult;

    public sealed record Message(string Text) : CardActionResult;
}
