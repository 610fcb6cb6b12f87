using System.Globalization;
using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Dialogs.Prompts;

internal static class ChoiceRendering
{
    /// <summary>The question with its answers attached in the given style.</summary>
    public static Activity Render(Activity question, IReadOnlyList<Choice> choices, PromptStyle style, string? selected = null)
    {
        if (style == PromptStyle.QuestionOnly)
        {
            return question;
        }

        if (style == PromptStyle.Text)
        {
            var list = string.Join("\n", choices.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {c.DisplayTitle}")));
            return question with { Text = string.IsNullOrEmpty(question.Text) ? list : question.Text + "\n\n" + list };
        }

        var rendered = WithCard(question, PromptCards.Choices(question.Text, choices, selected: selected));
        if (style == PromptStyle.CardWithSuggestedActions)
        {
            // Suggested actions are Teams' own quick replies; they post the title as typed text, which the prompt recognises.
            rendered = rendered with
            {
                SuggestedActions = new SuggestedActions
                {
                    Actions = [.. choices.Select(c => new CardAction { Type = "imBack", Title = c.DisplayTitle, Value = JsonSerializer.SerializeToElement(c.DisplayTitle) })],
                },
            };
        }

        return rendered;
    }

    /// <summary>The question's text moves into the card, so the user sees one message.</summary>
    public static Activity WithCard(Activity question, Attachment card) => question with
    {
        Text = null,
        Attachments = [.. question.Attachments ?? [], card],
    };

    /// <summary>Finds the choice the text names: its number (1-based), value, title or a synonym, ignoring case.</summary>
    public static FoundChoice? Recognize(string? text, IReadOnlyList<Choice> choices)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var answer = text.Trim().TrimEnd('.', '!');
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            if (Same(answer, choice.Value) || Same(answer, choice.Title) || choice.Synonyms.Any(s => Same(answer, s)))
            {
                return new FoundChoice(choice.Value, i);
            }
        }

        return int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= choices.Count
            ? new FoundChoice(choices[number - 1].Value, number - 1)
            : null;
    }

    private static bool Same(string answer, string? candidate) =>
        candidate is not null && string.Equals(answer, candidate.Trim(), StringComparison.OrdinalIgnoreCase);
}
