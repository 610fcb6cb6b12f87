using BotCore;
using BotCore.Schema;
using TreatmentPlanBot.Cards;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// The <c>assessment-item</c> card: one question with its answer buttons, and once answered the same question showing the
/// chosen answer without buttons (the pressed card is updated in place). Used wherever measure items are asked one by one.
/// </summary>
public static class AssessmentItemCard
{
    public const string Template = "assessment-item";

    /// <summary>The card's view model; <paramref name="answered"/> set: the answer in words, and no buttons.</summary>
    public static object View(string sessionId, InstrumentDefinition definition, InstrumentItem item, int position, string? answered = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(item);
        return new
        {
            sessionId,
            instrumentId = definition.Id,
            instrumentName = definition.Id,
            itemNumber = item.Number,
            position,
            itemCount = definition.Items.Count,
            stem = definition.InstructionsFor(item),
            text = item.Text,
            hint = AnswerChoices.Hint(definition, item),
            options = answered is null ? AnswerChoices.Options(definition, item) : [],
            answered = answered is null ? null : $"Answered: {answered}",
        };
    }

    /// <summary>How an answer reads on the answered card: the option's label, "declined to answer" or "skipped".</summary>
    internal static string Chosen(InstrumentDefinition definition, InstrumentItem item, ItemAnswer answer) =>
        answer.Skipped ? "skipped" : AnswerChoices.Describe(definition, item, answer.Value);

    /// <summary>
    /// Replaces the card the press came from (Teams gives its id as the activity's <c>replyToId</c>) with <paramref name="view"/>.
    /// Without that id (a typed answer) nothing is replaced: the next question follows as usual.
    /// </summary>
    public static async Task MarkAnsweredAsync(ITurnContext turn, CardRenderer cards, object view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(cards);
        if (turn.Activity.ReplyToId is not { Length: > 0 } cardActivityId)
        {
            return;
        }

        await turn.UpdateActivityAsync(cards.Message(Template, view) with { Id = cardActivityId }, cancellationToken).ConfigureAwait(false);
    }
}
