using BotCore;
using System.Globalization;
using System.Text.Json;
using BotCore.Dialogs;
using BotCore.Schema;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Instruments;

namespace TreatmentPlanBot.Features.Assessment;

/// <summary>
/// Asks a measure's items one at a time, each as an <c>assessment-item</c> card, in the order
/// <see cref="ScoringEngine.NextItem"/> gives, so gated and follow-up questions come only when they apply.
/// A button press for another question or another session is never applied to the current one.
/// Ends with the <see cref="AdministeredAnswers"/>.
/// </summary>
internal sealed class ItemByItemDialog(InstrumentLibrary library, CardRenderer cards, IEarlyRiskResponder risk) : Dialog(DialogId)
{
    public const string DialogId = "assessment.items";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var session = (AdministrationOptions)options!;
        var answers = new AdministeredAnswers([], [], session.Mode);
        AdministrationState.Begin(dc.ActiveDialog!, session, answers);
        return await AskNextAsync(dc, session, answers, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var activity = dc.Context.Activity;
        if (activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }

        var (session, answers) = AdministrationState.Load(dc.ActiveDialog!);
        var definition = library.Get(session.InstrumentId);
        var current = ScoringEngine.NextItem(definition, answers.DealtWith());
        if (current is null)
        {
            return await dc.EndDialogAsync(answers, cancellationToken).ConfigureAwait(false);
        }

        string? given;
        if (activity.Value is { ValueKind: JsonValueKind.Object } value && string.IsNullOrWhiteSpace(activity.Text))
        {
            var sessionId = Read(value, "sessionId");
            var itemNumber = int.TryParse(Read(value, "itemNumber"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            if (sessionId != session.SessionId || itemNumber is null)
            {
                await dc.Context.SendActivityAsync($"That button belongs to another questionnaire, so I didn't use it. The {definition.Id} is waiting for question {Position(definition, current)}.", cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }

            if (itemNumber != current.Number)
            {
                await dc.Context.SendActivityAsync(StaleAnswer(definition, answers, itemNumber.Value, current), cancellationToken).ConfigureAwait(false);
                return EndOfTurn;
            }

            given = Read(value, "value");
        }
        else
        {
            given = activity.Text;
        }

        var answer = AnswerChoices.Read(definition, current, given);
        if (answer is null)
        {
            await dc.Context.SendActivityAsync($"I couldn't match that to an answer for question {Position(definition, current)}. {AnswerChoices.Hint(definition, current)} Say **cancel** to stop.", cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }

        if (activity.Value is { ValueKind: JsonValueKind.Object } && string.IsNullOrWhiteSpace(activity.Text))
        {
            // The pressed card now shows the answer and no buttons, as Teams bots do; its old buttons are refused above.
            await AssessmentItemCard.MarkAnsweredAsync(dc.Context, cards, AssessmentItemCard.View(session.SessionId, definition, current, Position(definition, current), AssessmentItemCard.Chosen(definition, current, answer)), cancellationToken).ConfigureAwait(false);
        }

        if (answer.Skipped)
        {
            answers.Skipped.Add(current.Number);
        }
        else
        {
            answers.Answers[current.Number] = answer.Value;
        }

        if (ScoringEngine.NextItem(definition, answers.DealtWith()) is not null)
        {
            // Risk never waits for the last question; at the end it is stored with the assessment in one transaction.
            answers = await risk.RaiseEarlyRiskAsync(dc.Context, session, definition, answers, cancellationToken).ConfigureAwait(false);
            answers = await risk.NoticePositiveAsync(dc.Context, definition, answers, cancellationToken).ConfigureAwait(false);
        }

        AdministrationState.Save(dc.ActiveDialog!, answers);
        return await AskNextAsync(dc, session, answers, cancellationToken).ConfigureAwait(false);
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        var (session, answers) = AdministrationState.Load(instance);
        var definition = library.Get(session.InstrumentId);
        var current = ScoringEngine.NextItem(definition, answers.DealtWith());
        return current is null ? Task.CompletedTask : SendItemAsync(dc, session, definition, current, cancellationToken);
    }

    /// <summary>Which question is being asked: for the help text of the enclosing dialog.</summary>
    public string DescribeCurrent(DialogInstance instance)
    {
        var (session, answers) = AdministrationState.Load(instance);
        var definition = library.Get(session.InstrumentId);
        var current = ScoringEngine.NextItem(definition, answers.DealtWith());
        return current is null
            ? $"I'm finishing the {definition.Id}."
            : $"I'm asking the {definition.Id} one question at a time; question {Position(definition, current)} of {definition.Items.Count} is waiting. {AnswerChoices.Hint(definition, current)} Say **cancel** to stop (nothing is saved).";
    }

    private async Task<DialogTurnResult> AskNextAsync(DialogContext dc, AdministrationOptions session, AdministeredAnswers answers, CancellationToken cancellationToken)
    {
        var definition = library.Get(session.InstrumentId);
        var next = ScoringEngine.NextItem(definition, answers.DealtWith());
        if (next is null)
        {
            return await dc.EndDialogAsync(answers, cancellationToken).ConfigureAwait(false);
        }

        await SendItemAsync(dc, session, definition, next, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    private Task SendItemAsync(DialogContext dc, AdministrationOptions session, InstrumentDefinition definition, InstrumentItem item, CancellationToken cancellationToken) =>
        dc.Context.SendActivityAsync(cards.Message(AssessmentItemCard.Template, AssessmentItemCard.View(session.SessionId, definition, item, Position(definition, item)), $"{definition.Id} question {Position(definition, item)}"), cancellationToken);

    private static string StaleAnswer(InstrumentDefinition definition, AdministeredAnswers answers, int itemNumber, InstrumentItem current)
    {
        var waiting = $"Nothing was changed; question {Position(definition, current)} is waiting for its answer.";
        if (definition.FindItem(itemNumber) is { } item && answers.Answers.TryGetValue(itemNumber, out var recorded))
        {
            return $"That answer was for question {Position(definition, item)}, which is already recorded as ‘{AnswerChoices.Describe(definition, item, recorded)}’. {waiting}";
        }

        return definition.FindItem(itemNumber) is { } skipped && answers.Skipped.Contains(itemNumber)
            ? $"That answer was for question {Position(definition, skipped)}, which was skipped. {waiting}"
            : $"That answer was for a question that isn't being asked now. {waiting}";
    }

    /// <summary>The question's place in the form (PC-PTSD-5's unnumbered gate is question 1 of 6).</summary>
    private static int Position(InstrumentDefinition definition, InstrumentItem item) =>
        definition.Items.ToList().FindIndex(i => i.Number == item.Number) + 1;

    private static string? Read(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property)
            ? property.ValueKind switch
            {
                JsonValueKind.String => property.GetString(),
                JsonValueKind.Number => property.GetRawText(),
                _ => null,
            }
            : null;
}
