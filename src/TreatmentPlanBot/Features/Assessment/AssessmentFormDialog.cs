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
/// The whole measure as one <c>assessment-form</c> card. A submit missing a required answer is not scored: the form
/// comes back naming the question, with every answer given kept. Ends with the <see cref="AdministeredAnswers"/>.
/// A risk answer on a form sent back incomplete is still answered in that turn: the form may be abandoned.
/// Only for measures without gates or follow-ups (a form cannot hide a question until an earlier answer asks for it).
/// </summary>
internal sealed class AssessmentFormDialog(InstrumentLibrary library, CardRenderer cards, AssessmentCompletion completion) : Dialog(DialogId)
{
    public const string DialogId = "assessment.form";

    public static bool Suits(InstrumentDefinition definition) => definition.Items.All(i => i.AskedWhen is null);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var session = (AdministrationOptions)options!;
        AdministrationState.Begin(dc.ActiveDialog!, session, new AdministeredAnswers([], [], AssessmentMode.ClinicianForm));
        await SendFormAsync(dc, session, [], [], cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var activity = dc.Context.Activity;
        if (activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }

        var (session, kept) = AdministrationState.Load(dc.ActiveDialog!);
        var definition = library.Get(session.InstrumentId);
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value || !string.IsNullOrWhiteSpace(activity.Text))
        {
            await dc.Context.SendActivityAsync($"Please fill in the {definition.Id} form above and press **Submit answers**, or say **cancel** to stop.", cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }

        if (!value.TryGetProperty("sessionId", out var sessionId) || sessionId.GetString() != session.SessionId)
        {
            await dc.Context.SendActivityAsync($"That form belongs to another questionnaire, so I didn't use it. The {definition.Id} form above is still open.", cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }

        var answers = new Dictionary<int, int?>();
        var unreadable = new List<string>();
        foreach (var item in definition.Items)
        {
            var given = value.TryGetProperty($"item{item.Number}", out var input) ? Scalar(input) : null;
            if (given is null)
            {
                continue;
            }

            var answer = AnswerChoices.Read(definition, item, given);
            if (answer is null or { Skipped: true })
            {
                if (answer is null)
                {
                    unreadable.Add($"Question {item.Number}: “{given}” is not one of its answers; please choose one.");
                }

                continue;
            }

            answers[item.Number] = answer.Value;
        }

        var administered = kept with { Answers = answers };
        var result = ScoringEngine.Score(definition, administered.Responses());
        if (result.MissingItems.Count > 0 || unreadable.Count > 0)
        {
            administered = await completion.RaiseEarlyRiskAsync(dc.Context, session, definition, administered, cancellationToken).ConfigureAwait(false);
            AdministrationState.Save(dc.ActiveDialog!, administered);
            var errors = unreadable.Concat(result.MissingItems.Select(m =>
                $"Question {m.Number} needs an answer: “{m.Text}”. {m.AskNow(definition.Id)}")).ToList();
            await SendFormAsync(dc, session, answers, errors, cancellationToken).ConfigureAwait(false);
            return EndOfTurn;
        }

        return await dc.EndDialogAsync(administered, cancellationToken).ConfigureAwait(false);
    }

    public override Task RepromptDialogAsync(DialogContext dc, DialogInstance instance, CancellationToken cancellationToken)
    {
        var (session, kept) = AdministrationState.Load(instance);
        return SendFormAsync(dc, session, kept.Answers, [], cancellationToken);
    }

    private Task SendFormAsync(DialogContext dc, AdministrationOptions session, Dictionary<int, int?> answers, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var definition = library.Get(session.InstrumentId);
        return dc.Context.SendActivityAsync(cards.Message("assessment-form", new
        {
            sessionId = session.SessionId,
            instrumentId = definition.Id,
            instrumentName = definition.Id,
            stem = definition.Instructions,
            items = definition.Items.Select(item => new
            {
                number = item.Number,
                text = item.Text,
                required = definition.IsRequired(item),
                answer = answers.TryGetValue(item.Number, out var given)
                    ? given?.ToString(CultureInfo.InvariantCulture) ?? AnswerChoices.Decline
                    : string.Empty,
                options = FormOptions(definition, item),
            }),
            errors,
        }, $"{definition.Id} form"), cancellationToken);
    }

    // On a form the value itself is the input's value; the label is the published wording alone.
    private static IReadOnlyList<object> FormOptions(InstrumentDefinition definition, InstrumentItem item)
    {
        var options = definition.OptionsFor(item).Select(o => (object)new { value = o.Value.ToString(CultureInfo.InvariantCulture), label = o.Label }).ToList();
        if (item.DeclineAllowed)
        {
            options.Add(new { value = AnswerChoices.Decline, label = "Declines to answer" });
        }

        return options;
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };
}
