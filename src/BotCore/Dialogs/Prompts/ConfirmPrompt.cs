namespace BotCore.Dialogs.Prompts;

/// <summary>
/// Asks a yes/no question with two buttons; typing yes, y, no, n (or the button titles, or 1/2) works as well.
/// Ends with a bool.
/// </summary>
public sealed class ConfirmPrompt : Prompt<bool>
{
    private readonly IReadOnlyList<Choice> _choices;

    public ConfirmPrompt(string id, PromptValidator<bool>? validator = null, string yesTitle = "Yes", string noTitle = "No")
        : base(id, validator)
    {
        _choices =
        [
            new Choice("yes") { Title = yesTitle, Synonyms = ["y", "true"] },
            new Choice("no") { Title = noTitle, Synonyms = ["n", "false"] },
        ];
    }

    protected override string InputId => PromptCards.ChoiceInputId;

    protected override Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(options);
        return SendPromptAsync(dc, ChoiceRendering.Render(QuestionOf(options, isRetry), _choices, options.Style), cancellationToken);
    }

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var found = ChoiceRendering.Recognize(AnswerText(dc.Context.Activity), _choices);
        return Task.FromResult(found is null ? PromptRecognizerResult<bool>.Failed : new PromptRecognizerResult<bool>(true, found.Index == 0));
    }
}
