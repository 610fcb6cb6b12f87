namespace BotCore.Dialogs.Prompts;

/// <summary>
/// Asks for a calendar date; see <see cref="DateRecognizer"/> for the forms understood. With the card style the
/// question carries an Input.Date, whose submit arrives as a message value. "Today" is the user's local date when the
/// activity carries a local timestamp, otherwise the clock's local time zone.
/// </summary>
public sealed class DatePrompt(string id, PromptValidator<DateOnly>? validator = null) : Prompt<DateOnly>(id, validator)
{
    protected override string InputId => PromptCards.DateInputId;

    protected override Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(options);
        var question = QuestionOf(options, isRetry);
        if (options.Style != PromptStyle.Text)
        {
            question = ChoiceRendering.WithCard(question, PromptCards.DateInput(question.Text));
        }

        return SendPromptAsync(dc, question, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<DateOnly>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var today = dc.Clock.Today;
        return Task.FromResult(DateRecognizer.TryRecognize(AnswerText(dc.Context.Activity), today, dc.Settings.NumericDateOrder, out var date)
            ? new PromptRecognizerResult<DateOnly>(true, date)
            : PromptRecognizerResult<DateOnly>.Failed);
    }
}
