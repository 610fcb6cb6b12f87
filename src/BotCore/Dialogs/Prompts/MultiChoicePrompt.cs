using System.Text.Json;

namespace BotCore.Dialogs.Prompts;

/// <summary>
/// Asks the user to pick any number of <see cref="PromptOptions.Choices"/>: ticking boxes on a card, or typing them
/// separated by commas (numbers, titles, values or synonyms, as <see cref="ChoicePrompt"/> recognises one), or "none".
/// Ends with the found choices in the order of the list; an answer naming anything unknown is not recognised.
/// </summary>
public sealed class MultiChoicePrompt(string id, PromptValidator<IReadOnlyList<FoundChoice>>? validator = null)
    : Prompt<IReadOnlyList<FoundChoice>>(id, validator)
{
    private static readonly string[] NoneWords = ["none", "nothing", "no"];

    protected override string InputId => PromptCards.ChoicesInputId;

    protected override Task OnPromptAsync(DialogContext dc, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        ArgumentNullException.ThrowIfNull(options);
        var question = QuestionOf(options, isRetry);
        var rendered = ChoiceRendering.WithCard(question, PromptCards.MultipleChoices(question.Text, ChoicesOf(options)));
        return SendPromptAsync(dc, rendered, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<IReadOnlyList<FoundChoice>>> OnRecognizeAsync(DialogContext dc, PromptOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var choices = ChoicesOf(options);
        var text = AnswerText(dc.Context.Activity);
        // Only this prompt's own card answers "none" by submitting nothing: a press on any other card is not an answer.
        var submittedEmpty = text is null && dc.Context.Activity.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(InputId, out _);
        if (submittedEmpty || (text is not null && NoneWords.Contains(text.Trim().TrimEnd('.'), StringComparer.OrdinalIgnoreCase)))
        {
            return Task.FromResult(new PromptRecognizerResult<IReadOnlyList<FoundChoice>>(true, []));
        }

        if (text is null)
        {
            return Task.FromResult(new PromptRecognizerResult<IReadOnlyList<FoundChoice>>(false));
        }

        var found = new List<FoundChoice>();
        foreach (var part in text.Replace(" and ", ",", StringComparison.OrdinalIgnoreCase).Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ChoiceRendering.Recognize(part, choices) is not { } choice)
            {
                return Task.FromResult(new PromptRecognizerResult<IReadOnlyList<FoundChoice>>(false));
            }

            if (found.All(f => f.Index != choice.Index))
            {
                found.Add(choice);
            }
        }

        return Task.FromResult(new PromptRecognizerResult<IReadOnlyList<FoundChoice>>(true, [.. found.OrderBy(f => f.Index)]));
    }

    private IReadOnlyList<Choice> ChoicesOf(PromptOptions options) =>
        options.Choices is { Count: > 0 } choices ? choices : throw new InvalidOperationException($"Multiple-choice prompt '{Id}' was given no choices.");
}
