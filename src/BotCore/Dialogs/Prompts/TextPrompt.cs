namespace BotCore.Dialogs.Prompts;

/// <summary>Asks for free text; any non-empty answer is recognised.</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null) : Prompt<string>(id, validator)
{
    protected override string InputId => "text";

    protected override Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return SendPromptAsync(dc, QuestionOf(options, isRetry), cancellationToken);
    }

    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var text = AnswerText(dc.Context.Activity);
        return Task.FromResult(text is null ? PromptRecognizerResult<string>.Failed : new PromptRecognizerResult<string>(true, text));
    }
}
