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
}

/// <summary>
/// Asks one question and ends with the recognised answer. An answer is read from the message text, or, for a card
/// submit (a message with <c>value</c> and no text), from the value's input of the prompt's kind. After the configured
/// number of unusable answers the whole stack is cancelled with <see cref="DialogCancellationReason.AttemptsExhausted"/>.
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
            await dc.Context.SendActivityAsync(ActivityExtensions.CreateMessage(dc.Settings.AttemptsExhaustedMessage), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Sends the question (or the retry question).</summary>
    protected abstract Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken);

    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken);

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

            var scalars = value.EnumerateObject().Select(p => Scalar(p.Value)).Where(s => s is not null).ToList();
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
