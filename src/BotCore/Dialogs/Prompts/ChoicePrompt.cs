namespace BotCore.Dialogs.Prompts;

/// <summary>
/// Asks the user to pick one of <see cref="PromptOptions.Choices"/>: by clicking a card button, typing its number,
/// its title or value, or a synonym. Ends with a <see cref="FoundChoice"/>.
/// </summary>
public sealed class ChoicePrompt(string id, PromptValidator<FoundChoice>? validator = null) : Prompt<FoundChoice>(id, validator)
{
    protected override string InputId => PromptCards.ChoiceInputId;

    protected override Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(options);
        var rendered = ChoiceRendering.Render(QuestionOf(options, isRetry), ChoicesOf(options), options.Style, options.SelectedChoice);
        return SendPromptAsync(dc, rendered, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var found = ChoiceRendering.Recognize(AnswerText(dc.Context.Activity), ChoicesOf(options));
        return Task.FromResult(found is null ? PromptRecognizerResult<FoundChoice>.Failed : new PromptRecognizerResult<FoundChoice>(true, found));
    }

    private IReadOnlyList<Choice> ChoicesOf(PromptOptions options) =>
        options.Choices is { Count: > 0 } choices ? choices : throw new InvalidOperationException($"Choice prompt '{Id}' was given no choices.");
}
