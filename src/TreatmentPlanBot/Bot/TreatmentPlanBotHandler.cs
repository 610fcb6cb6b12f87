using System.Text.Json;
using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.State;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Bot;

/// <summary>
/// The Teams bot: greets, routes typed commands and card actions, and runs the features' dialogs. Anything about a
/// client happens only in a personal chat; in a group chat or channel the bot answers with a neutral notice.
/// </summary>
public sealed class TreatmentPlanBotHandler : ActivityHandler
{
    private readonly DialogSet _dialogs;
    private readonly CommandRouter _commands;
    private readonly IReadOnlyDictionary<string, ICardActionHandler> _cardActions;
    private readonly IReadOnlyDictionary<string, IFileConsentHandler> _fileConsents;
    private readonly TurnUserResolver _users;
    private readonly AuditLog _audit;
    private readonly PersonalChats _chats;
    private readonly IStatePropertyAccessor<string> _chatSeen;
    private readonly TimeProvider _time;
    private readonly CardRenderer _cards;
    private readonly ILogger<TreatmentPlanBotHandler> _logger;

    public TreatmentPlanBotHandler(
        ConversationState conversationState,
        IEnumerable<Dialog> dialogs,
        CommandRouter commands,
        IEnumerable<ICardActionHandler> cardActions,
        IEnumerable<IFileConsentHandler> fileConsents,
        TurnUserResolver users,
        AuditLog audit,
        PersonalChats chats,
        CardRenderer cards,
        TimeProvider time,
        ILogger<TreatmentPlanBotHandler> logger)
    {
        _dialogs = new DialogSet(conversationState.CreateProperty<DialogState>("DialogState"));
        foreach (var dialog in dialogs)
        {
            _dialogs.Add(dialog);
        }

        _commands = commands;
        _cardActions = cardActions.SelectMany(h => h.Verbs.Select(v => (Verb: v, Handler: h)))
            .ToDictionary(p => p.Verb, p => p.Handler, StringComparer.OrdinalIgnoreCase);
        _fileConsents = fileConsents.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        _users = users;
        _audit = audit;
        _chats = chats;
        _chatSeen = conversationState.CreateProperty<string>("PersonalChatSeen");
        _time = time;
        _cards = cards;
        _logger = logger;
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // The turn's handler, dialogs and access gate share one read of each staff entry; a re-run reads afresh.
        using var staffReads = StaffDirectory.BeginTurn();
        await RefreshPersonalChatAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // Teams announces a personal install with the bot itself as the member added; the Playground adds the user too.
        if (turnContext.Activity.MembersAdded is not { Count: > 0 })
        {
            return;
        }

        // Staff, a client and someone not yet known each hear what the bot is for them.
        var greeting = !turnContext.Activity.IsPersonalConversation()
            ? BotReplies.GroupGreeting
            : await _users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false) switch
            {
                { IsClient: true } => BotReplies.ClientGreeting,
                { Staff: not null } => BotReplies.PersonalGreeting,
                _ => BotReplies.NewcomerGreeting,
            };
        await turnContext.SendActivityAsync(greeting, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (!turnContext.Activity.IsPersonalConversation())
        {
            await SendNeutralNoticeAsync(turnContext, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Caller.From(turnContext.Activity) is null)
        {
            await turnContext.SendActivityAsync(BotReplies.UnknownSender, cancellationToken).ConfigureAwait(false);
            return;
        }

        // An answer to a prompt reads no directory here: a step that needs the person resolves them (one shared read
        // per turn, see StaffDirectory.BeginTurn), and every record it touches goes through the gate, which reads afresh.
        var dc = await _dialogs.CreateContextAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (dc.ActiveDialog is not null)
        {
            await dc.ContinueDialogAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var user = (await _users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false))!;

        var text = CommandRouter.Normalize(turnContext.Activity.Text);
        if (text.Equals("cancel", StringComparison.OrdinalIgnoreCase))
        {
            await turnContext.SendActivityAsync(BotReplies.NothingToCancel, cancellationToken).ConfigureAwait(false);
            return;
        }

        var match = _commands.Match(text, user.IsClient);
        if (match is null)
        {
            await turnContext.SendActivityAsync(BotReplies.NotUnderstood, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (command, argument) = match.Value;

        // A client gets their own commands and help; everything else is their care team's, said without role jargon.
        if (user.IsClient != command.ForClients && command.Name != "help")
        {
            _logger.LogInformation("Command {Command} refused: {Who} in conversation {ConversationId}", command.Name, user.IsClient ? "client" : "not a client", turnContext.Activity.Conversation?.Id);
            await turnContext.SendActivityAsync(user.IsClient ? BotReplies.NotForClients : BotReplies.OnlyForClients, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command.Audience != StaffRoles.None && !user.Is(command.Audience))
        {
            await turnContext.SendActivityAsync(BotReplies.NotForYourRole(command.Name, command.Audience), cancellationToken).ConfigureAwait(false);
            return;
        }

        await command.ExecuteAsync(new CommandContext(turnContext, dc, user), argument, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnCardSubmitAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (!turnContext.Activity.IsPersonalConversation())
        {
            await SendNeutralNoticeAsync(turnContext, cancellationToken).ConfigureAwait(false);
            return;
        }

        var value = turnContext.Activity.Value!.Value;
        if (RefuseMalformedIds(turnContext, value) is { } refusal)
        {
            await turnContext.SendActivityAsync(refusal, cancellationToken).ConfigureAwait(false);
            return;
        }

        var verb = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (verb is not null && _cardActions.ContainsKey(verb))
        {
            var result = await RunCardActionAsync(turnContext, verb, value, cancellationToken).ConfigureAwait(false);
            await DeliverSubmitResultAsync(turnContext, result, cancellationToken).ConfigureAwait(false);
            return;
        }

        var dc = await _dialogs.CreateContextAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (dc.ActiveDialog is null)
        {
            await turnContext.SendActivityAsync(BotReplies.ButtonFromFinishedConversation, cancellationToken).ConfigureAwait(false);
            return;
        }

        await OnMessageActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        if (!turnContext.Activity.IsPersonalConversation())
        {
            return AdaptiveCardInvokeResponse.Message(BotReplies.PersonalChatOnly);
        }

        var verb = invokeValue.Action?.Verb;
        if (verb is null || !_cardActions.ContainsKey(verb))
        {
            return AdaptiveCardInvokeResponse.Message(BotReplies.ButtonNoLongerActive);
        }

        var data = invokeValue.Action!.Data ?? JsonSerializer.SerializeToElement(new { });
        if (RefuseMalformedIds(turnContext, data) is { } refusal)
        {
            return AdaptiveCardInvokeResponse.Message(refusal);
        }

        return await RunCardActionAsync(turnContext, verb, data, cancellationToken).ConfigureAwait(false) switch
        {
            CardActionResult.ReplaceCard card => AdaptiveCardInvokeResponse.Card(card.Card),
            CardActionResult.Message message => AdaptiveCardInvokeResponse.Message(BotReplies.Plain(message.Text)),
            _ => throw new InvalidOperationException("Unknown card action result."),
        };
    }

    /// <summary>A file consent card's Accept or Decline: staff only, personal chat only, context ids checked like card data.</summary>
    protected override async Task<InvokeResponse> OnFileConsentAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken cancellationToken)
    {
        var context = response.Context ?? JsonSerializer.SerializeToElement(new { });
        var kind = context.ValueKind == JsonValueKind.Object && context.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var user = turnContext.Activity.IsPersonalConversation() ? await _users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false) : null;
        if (user?.Staff is null || kind is null || !_fileConsents.TryGetValue(kind, out var handler) || RefuseMalformedIds(turnContext, context) is not null)
        {
            _logger.LogInformation("File consent {Action} refused in conversation {ConversationId}", response.Action, turnContext.Activity.Conversation?.Id);
            await turnContext.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return new InvokeResponse(200);
        }

        _logger.LogInformation("File consent {Action} for {Kind} in conversation {ConversationId}", response.Action, kind, turnContext.Activity.Conversation?.Id);
        await handler.HandleAsync(turnContext, user, response, cancellationToken).ConfigureAwait(false);
        return new InvokeResponse(200);
    }

    private async Task<CardActionResult> RunCardActionAsync(ITurnContext turnContext, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        var user = await _users.ResolveAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return CardActionResult.Say(BotReplies.UnknownSender);
        }

        if (user.IsClient && !_cardActions[verb].ForClients)
        {
            // Staff work. A client pressing one (a forwarded card, crafted data) is refused neutrally,
            // and the attempt is audited on the client it names.
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("clientId", out var named) && named.ValueKind == JsonValueKind.String && named.GetString() is { Length: > 0 } clientId)
            {
                await _audit.WriteAsync(user.Caller, verb, clientId, "card action", false, "a client may not use staff buttons", cancellationToken).ConfigureAwait(false);
            }

            _logger.LogInformation("Card action {Verb} refused: a client, in conversation {ConversationId}", verb, turnContext.Activity.Conversation?.Id);
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var dc = await _dialogs.CreateContextAsync(turnContext, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Card action {Verb} in conversation {ConversationId}", verb, turnContext.Activity.Conversation?.Id);
        return await _cardActions[verb].HandleAsync(new CardActionContext(turnContext, verb, data, user, dc), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The neutral refusal for card data whose ids no card of ours carries (see <see cref="CardDataIds"/>); null when they are fine.</summary>
    private string? RefuseMalformedIds(ITurnContext turnContext, JsonElement data)
    {
        if (CardDataIds.FindMalformed(data) is not { } property)
        {
            return null;
        }

        _logger.LogInformation("Card data refused: {Property} is not a well-formed id, in conversation {ConversationId}", property, turnContext.Activity.Conversation?.Id);
        return AccessDecision.RefusalMessage;
    }

    /// <summary>A submit from an older client: replace the clicked card where Teams says which it was, else answer below it.</summary>
    private static async Task DeliverSubmitResultAsync(ITurnContext turnContext, CardActionResult result, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case CardActionResult.ReplaceCard card when turnContext.Activity.ReplyToId is { } cardActivityId:
                await turnContext.UpdateActivityAsync(new Activity
                {
                    Type = ActivityTypes.Message,
                    Id = cardActivityId,
                    Attachments = [ActivityExtensions.CreateAdaptiveCardAttachment(card.Card)],
                }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await turnContext.SendActivityAsync(result.ToActivity(), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private Task SendNeutralNoticeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(_cards.Message("neutral-notice", new { text = BotReplies.PersonalChatOnly }), cancellationToken);

    /// <summary>
    /// Keeps the address of everyone's personal chat (staff, clients, people waiting for access) so notifications can
    /// reach them later. Written only when what the conversation last recorded differs (see
    /// <see cref="PersonalChats.Fingerprint"/>), so an ordinary message costs no storage round trip. Never fails the turn.
    /// </summary>
    private async Task RefreshPersonalChatAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (!activity.IsPersonalConversation() || Caller.From(activity) is not { } caller || activity.Conversation?.Id is null)
        {
            return;
        }

        var reference = activity.GetConversationReference() with { ActivityId = null };
        var zone = TimeZones.IdOf(activity);
        var fingerprint = PersonalChats.Fingerprint(reference, zone, _time.GetUtcNow());
        if (await _chatSeen.GetAsync(turnContext, () => string.Empty, cancellationToken).ConfigureAwait(false) == fingerprint)
        {
            return;
        }

        try
        {
            if (await _chats.RecordTurnAsync(caller.TenantId, caller.UserId, reference, zone, cancellationToken).ConfigureAwait(false))
            {
                await _chatSeen.SetAsync(turnContext, fingerprint, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (BotCore.Storage.StorageException exception)
        {
            // The turn itself may still work (or will say the records are unreachable); the next turn tries again.
            _logger.LogWarning("Personal chat of user {UserId} not recorded: {Kind}", caller.UserId, exception.Kind);
        }
    }
}
