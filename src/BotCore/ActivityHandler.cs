using System.Text.Json;
using BotCore.Schema;

namespace BotCore;

/// <summary>
/// Turn logic organised by activity type, as in the Bot Framework SDK: override the handlers you need.
/// Handlers that are not overridden do nothing, except invokes, which answer 501 so the channel knows.
/// </summary>
public class ActivityHandler : IBot
{
    public const string AdaptiveCardActionInvokeName = "adaptiveCard/action";

    public virtual async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);

        switch (turnContext.Activity.Type)
        {
            case ActivityTypes.Message:
                if (IsCardSubmit(turnContext.Activity))
                {
                    await OnCardSubmitAsync(turnContext, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await OnMessageActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                }

                break;
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Invoke:
                var invokeResponse = await OnInvokeActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                turnContext.InvokeResponse ??= invokeResponse;
                break;
            case ActivityTypes.Event:
                await OnEventActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ActivityTypes.Typing:
                await OnTypingActivityAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await OnUnrecognizedActivityTypeAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    protected virtual Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// An <c>Action.Submit</c> press: a message whose <c>value</c> holds the card's data merged with its inputs, and no text.
    /// Older Teams clients also deliver <c>Action.Execute</c> this way.
    /// </summary>
    protected virtual Task OnCardSubmitAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        OnMessageActivityAsync(turnContext, cancellationToken);

    protected virtual async Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;

        var added = WithoutBot(activity.MembersAdded, activity.Recipient);
        if (added.Count > 0)
        {
            await OnMembersAddedAsync(added, turnContext, cancellationToken).ConfigureAwait(false);
        }

        var removed = WithoutBot(activity.MembersRemoved, activity.Recipient);
        if (removed.Count > 0)
        {
            await OnMembersRemovedAsync(removed, turnContext, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Members who joined, never including the bot itself.</summary>
    protected virtual Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Members who left, never including the bot itself.</summary>
    protected virtual Task OnMembersRemovedAsync(IReadOnlyList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnInstallationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);

        // Teams sends "add-upgrade" / "remove-upgrade" when an app version changes.
        return turnContext.Activity.Action switch
        {
            "add" or "add-upgrade" => OnInstallationUpdateAddAsync(turnContext, cancellationToken),
            "remove" or "remove-upgrade" => OnInstallationUpdateRemoveAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    protected virtual Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The answer to an invoke; the adapter writes it as the HTTP response, so it must come back within a few seconds.</summary>
    protected virtual async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);

        try
        {
            if (turnContext.Activity.Name == AdaptiveCardActionInvokeName)
            {
                var value = AdaptiveCardInvokeValue.Parse(turnContext.Activity.Value);
                var response = await OnAdaptiveCardInvokeAsync(turnContext, value, cancellationToken).ConfigureAwait(false);
                return new InvokeResponse(200, response);
            }

            if (turnContext.Activity.Name == FileConsent.InvokeName)
            {
                return await OnFileConsentAsync(turnContext, FileConsentCardResponse.Parse(turnContext.Activity.Value), cancellationToken).ConfigureAwait(false);
            }

            throw new InvokeResponseException(501);
        }
        catch (InvokeResponseException e)
        {
            return new InvokeResponse(e.StatusCode, e.Body);
        }
    }

    /// <summary>An <c>Action.Execute</c> press. Return a card to replace the one pressed, or a message.</summary>
    protected virtual Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        throw new InvokeResponseException(501);

    /// <summary>A file consent card's Accept or Decline (<see cref="FileConsent"/>). Answer 200 once the upload is done or declined.</summary>
    protected virtual Task<InvokeResponse> OnFileConsentAsync(ITurnContext turnContext, FileConsentCardResponse response, CancellationToken cancellationToken) =>
        throw new InvokeResponseException(501);

    protected virtual Task OnEventActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTypingActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnUnrecognizedActivityTypeAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsCardSubmit(Activity activity) =>
        string.IsNullOrWhiteSpace(activity.Text) && activity.Value is { ValueKind: JsonValueKind.Object };

    private static List<ChannelAccount> WithoutBot(IReadOnlyList<ChannelAccount>? members, ChannelAccount? bot) =>
        members is null
            ? []
            : members.Where(m => bot?.Id is null || !string.Equals(m.Id, bot.Id, StringComparison.Ordinal)).ToList();
}

/// <summary>The <c>value</c> of an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; init; }

    /// <summary>"manual" for a button press, "automatic" for a refresh.</summary>
    public string? Trigger { get; init; }

    /// <summary>Reads the invoke value; a value that is not an Action.Execute answers 400 with the error shape.</summary>
    public static AdaptiveCardInvokeValue Parse(JsonElement? value)
    {
        AdaptiveCardInvokeValue? parsed = null;
        if (value is { ValueKind: JsonValueKind.Object } element)
        {
            try
            {
                parsed = element.Deserialize<AdaptiveCardInvokeValue>(BotJson.Options);
            }
            catch (JsonException)
            {
                parsed = null;
            }
        }

        if (parsed?.Action is null || !string.Equals(parsed.Action.Type, "Action.Execute", StringComparison.Ordinal))
        {
            throw new InvokeResponseException(400, AdaptiveCardInvokeResponse.Error(400, "BadRequest", "The invoke value is not an Action.Execute."));
        }

        return parsed;
    }
}

public sealed record AdaptiveCardInvokeAction
{
    /// <summary>Always "Action.Execute".</summary>
    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Verb { get; init; }

    /// <summary>The action's data merged with the card's inputs by id.</summary>
    public JsonElement? Data { get; init; }
}

/// <summary>The body of the HTTP answer to an <c>adaptiveCard/action</c> invoke.</summary>
public sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, object? Value)
{
    /// <summary>Replaces the pressed card with <paramref name="card"/>.</summary>
    public static AdaptiveCardInvokeResponse Card(JsonElement card) => new(200, ContentTypes.AdaptiveCard, card);

    /// <summary>Shows <paramref name="text"/> to the user in place of the card's progress indicator.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) => new(200, ContentTypes.ActivityMessage, text);

    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, ContentTypes.Error, new InvokeError(code, message));
}

public sealed record InvokeError(string Code, string Message);

/// <summary>Thrown inside an invoke handler to answer with a given status (and optional body) instead of a result.</summary>
public sealed class InvokeResponseException(int statusCode, object? body = null)
    : Exception($"Invoke answered with HTTP {statusCode}.")
{
    public int StatusCode { get; } = statusCode;

    public object? Body { get; } = body;
}
