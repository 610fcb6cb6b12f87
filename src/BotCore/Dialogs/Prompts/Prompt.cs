using System.Globalization;
using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Dialogs.Prompts;

/// <summary>Marks prompt dialogs, whose state holds their <see cref="PromptOptions"/>.</summary>
public interface IPrompt;

internal static class PromptStateKeys
{
    public const string Options = "options";
    public const string AttemptCount = "attemptCount";
    public const string Token = "token";
}

/// <summary>
/// Asks one question and ends with the recognised answer. An answer is read from the message text, or, for a card
/// submit (a message with <c>value</c> and no text), from the value's input of the prompt's kind. After the configured
/// number of unusable answers the whole stack is cancelled with <see cref="DialogCancellationReason.AttemptsExhausted"/>.
/// Every Action.Submit on the prompt's own cards carries a token for this asking of the question, so a button pressed on
/// an earlier question's card (a late double click, an old card scrolled back to) is refused instead of answering this one.
/// </summary>
public abstract class Prompt<T> : Dialog, IPrompt
{
    private readonly PromptValidator<T>? _validator;

    protected Prompt(string id, PromptValidator<T>? validator)
        : base(id) => _validator = validator;

    /// <summary>The key under which this prompt's own card puts the answer in the submit data.</summary>
    protected abstract string InputId { get; }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var promptOptions = options as PromptOptions ?? throw new ArgumentException($"Prompt '{Id}' needs PromptOptions.", nameof(options));
        var state = dc.ActiveDialog!.State;
        state[PromptStateKeys.Options] = JsonSerializer.SerializeToNode(promptOptions, BotJson.Options);
        state[PromptStateKeys.AttemptCount] = 0;
        state[PromptStateKeys.Token] = Guid.NewGuid().ToString("N")[..12];
        await OnPromptAsync(dc, promptOptions, isRetry: false, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        if (dc.Context.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }

        var instance = dc.ActiveDialog!;
        if (IsFromAnotherAsking(dc.Context.Activity, instance))
        {
            await dc.Context.SendActivityAsync(dc.Settings.EarlierQuestionMessage, cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }

        var options = ReadOptions(instance);
        var attemptCount = (instance.State[PromptStateKeys.AttemptCount]?.GetValue<int>() ?? 0) + 1;
        instance.State[PromptStateKeys.AttemptCount] = attemptCount;

        var recognized = await OnRecognizeAsync(dc, options, cancellationToken).ConfigureAwait(false);
        var valid = _validator is null
            ? recognized.Succeeded
            : await _validator(new PromptValidatorContext<T>(dc.Context, recognized, options, attemptCount), cancellationToken).ConfigureAwait(false);
        if (valid)
        {
            return await dc.EndDialogAsync(recognized.Value, cancellationToken).ConfigureAwait(false);
        }

        if (attemptCount >= (options.MaxAttempts ?? dc.Settings.MaxPromptAttempts))
        {
            await dc.Context.SendActivityAsync(dc.Settings.AttemptsExhaustedMessage, cancellationToken).ConfigureAwait(false);
            return await dc.CancelAllDialogsAsync(new DialogCancellation(DialogCancellationReason.AttemptsExhausted), cancellationToken).ConfigureAwait(false);
        }

        if (!dc.Context.Responded)
        {
            await OnPromptAsync(dc, options, isRetry: true, cancellationToken).ConfigureAwait(false);
        }

        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        await RepromptDialogAsync(dc, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return OnPromptAsync(dc, ReadOptions(instance), isRetry: false, cancellationToken);
    }

    /// <summary>Sends the question (or the retry question); implementations send through <see cref="SendPromptAsync"/>.</summary>
    protected abstract Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken);

    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken);

    /// <summary>Sends the question with this asking's token stamped into the data of every Action.Submit on its cards.</summary>
    protected static Task<ResourceResponse> SendPromptAsync(DialogContext dc, Activity question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(question);
        var token = dc.ActiveDialog?.State[PromptStateKeys.Token]?.GetValue<string>();
        var stamped = token is null || question.Attachments is not { Count: > 0 } attachments
            ? question
            : question with { Attachments = [.. attachments.Select(a => Stamp(a, token))] };
        return dc.Context.SendActivityAsync(stamped, cancellationToken);
    }

    private static Attachment Stamp(Attachment attachment, string token)
    {
        if (attachment.ContentType != ContentTypes.AdaptiveCard || attachment.Content is not { ValueKind: JsonValueKind.Object } content)
        {
            return attachment;
        }

        var card = System.Text.Json.Nodes.JsonNode.Parse(content.GetRawText())!;
        StampSubmits(card, token);
        return attachment with { Content = JsonSerializer.SerializeToElement(card, BotJson.Options) };
    }

    private static void StampSubmits(System.Text.Json.Nodes.JsonNode? node, string token)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                if (obj["type"]?.GetValue<string>() == "Action.Submit")
                {
                    if (obj["data"] is not System.Text.Json.Nodes.JsonObject data)
                    {
                        data = [];
                        obj["data"] = data;
                    }

                    data[PromptCards.PromptTokenKey] = token;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    StampSubmits(child, token);
                }

                break;
            case System.Text.Json.Nodes.JsonArray array:
                foreach (var child in array)
                {
                    StampSubmits(child, token);
                }

                break;
        }
    }

    private static bool IsFromAnotherAsking(Activity activity, DialogInstance instance) =>
        string.IsNullOrWhiteSpace(activity.Text)
        && activity.Value is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty(PromptCards.PromptTokenKey, out var pressed)
        && pressed.ValueKind == JsonValueKind.String
        && pressed.GetString() != instance.State[PromptStateKeys.Token]?.GetValue<string>();

    /// <summary>The question to send: the retry prompt when retrying and there is one, otherwise the prompt.</summary>
    protected static Activity QuestionOf(PromptOptions options, bool isRetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (isRetry ? options.RetryPrompt ?? options.Prompt : options.Prompt) ?? ActivityExtensions.CreateMessage(null);
    }

    /// <summary>
    /// The user's answer as text: the typed text, or from a card submit the value's <see cref="InputId"/> input
    /// (or its only input, for cards the application built itself).
    /// </summary>
    protected string? AnswerText(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!string.IsNullOrWhiteSpace(activity.Text))
        {
            return activity.Text.Trim();
        }

        if (activity.Value is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (value.TryGetProperty(InputId, out var input))
            {
                return Scalar(input);
            }

            var scalars = value.EnumerateObject().Where(p => p.Name != PromptCards.PromptTokenKey).Select(p => Scalar(p.Value)).Where(s => s is not null).ToList();
            return scalars.Count == 1 ? scalars[0] : null;
        }

        return Scalar(value);
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()?.Trim() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => bool.TrueString.ToLower(CultureInfo.InvariantCulture),
        JsonValueKind.False => bool.FalseString.ToLower(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static PromptOptions ReadOptions(DialogInstance instance) =>
        instance.State[PromptStateKeys.Options]?.Deserialize<PromptOptions>(BotJson.Options)
        ?? throw new InvalidOperationException($"Prompt '{instance.Id}' has no options in its state.");
}
