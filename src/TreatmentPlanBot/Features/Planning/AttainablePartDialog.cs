using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Time;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// Attainable: the domain's <see cref="SmartValidator"/> compares the change asked for with the time given; the
/// clinician confirms (having seen any warnings) or changes the target or the date, and it checks again. Errors block
/// confirming. Asked after Time-bound because it needs the date.
/// </summary>
public sealed class AttainablePartDialog : ObjectivePartDialog
{
    public const string DialogId = "planning.objective.part.attainable";

    private const string ChoiceId = DialogId + ".choice";
    private const string TargetId = DialogId + ".target";
    private const string DateId = DialogId + ".date";
    private const string CheckKey = "check";

    private readonly IMeasureCatalog _measures;
    private readonly SmartValidator _smart;

    public AttainablePartDialog(IMeasureCatalog measures, SmartValidator smart)
        : base(DialogId)
    {
        _measures = measures;
        _smart = smart;
        AddDialog(new ChoicePrompt(ChoiceId));
        AddDialog(new NumberPrompt<decimal>(TargetId));
        AddDialog(new DatePrompt(DateId, TimeBoundPartDialog.ValidateFutureDateAsync));
        Steps(ShowAsync, ConfirmOrAdjustAsync, RecheckAsync);
    }

    /// <summary>What the clinician was shown and chose, so the answer to the next question is read as what was asked.</summary>
    private sealed record Check(IReadOnlyList<string> Warnings, string? Adjusting = null);

    private Task<DialogTurnResult> ShowAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        var result = Validate(step, draft);
        var blocking = result.Errors.Where(e => e.Letter is not SmartLetter.Relevant).Select(e => e.Message).ToList();
        var warnings = result.Warnings.Select(w => w.Message).ToList();
        step.Values.Set(CheckKey, new Check(warnings));

        var question = blocking.Count > 0
            ? "**Attainable**: this can't be saved yet:\n\n" + ObjectiveText.Bullets(blocking) + "\n\nChange the target or the date to fix it."
            : warnings.Count > 0
                ? "**Attainable**: please look at this before confirming:\n\n" + ObjectiveText.Bullets(warnings) + "\n\nIs the objective attainable for this client as it stands?"
                : $"**Attainable**: {ObjectiveText.Describe(draft)}. I see no concerns about the pace of change. Is it attainable for this client?";

        var choices = new List<Choice>();
        if (blocking.Count == 0)
        {
            choices.Add(new Choice("confirm") { Title = "Yes, it is attainable", Synonyms = ["yes", "confirm", "y"] });
        }

        if (draft.Measure is { Type: not MeasureType.DoneNotDone })
        {
            choices.Add(new Choice("target") { Title = "Change the target", Synonyms = ["target"] });
        }

        choices.Add(new Choice("date") { Title = "Change the date", Synonyms = ["date"] });
        return step.PromptAsync(ChoiceId, PromptOptions.Text(question,
            "Please confirm, or choose to change the target or the date.",
            "You judge whether the objective is attainable. I only compare the change asked for with the time given, using typical rates of change for each measure.") with
        {
            Choices = choices,
        }, cancellationToken);
    }

    private Task<DialogTurnResult> ConfirmOrAdjustAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        var check = step.Values.Get<Check>(CheckKey);
        var choice = ((FoundChoice)step.Result!).Value;
        if (choice == "confirm")
        {
            var on = ObjectiveText.Format(step.DialogContext.Clock.Today);
            var note = check.Warnings.Count == 0
                ? $"Confirmed as attainable by the clinician on {on}."
                : $"Confirmed as attainable by the clinician on {on}, having considered: {string.Join(" ", check.Warnings.Select(GoalSummaryView.Unprefixed))}";
            Keep(step, draft with { AttainabilityNote = note, ConfirmedWarnings = check.Warnings });
            return step.NextAsync(null, cancellationToken);
        }

        step.Values.Set(CheckKey, check with { Adjusting = choice });
        if (choice == "target")
        {
            return step.PromptAsync(TargetId, MeasurablePartDialog.TargetQuestion(
                $"What is the new target {MeasurablePartDialog.What(draft.Measure!, _measures)}? (Baseline: {ObjectiveText.Format(draft.Measure!.Baseline ?? 0)}.)",
                "An intermediate target is often more realistic; a later objective can take it further.",
                draft.Measure,
                _measures), cancellationToken);
        }

        return step.PromptAsync(DateId, PromptOptions.Text(
            $"What is the new anticipated completion date? (Now: {(draft.AnticipatedCompletion is { } due ? ObjectiveText.Format(due) : "none")}.) E.g. \"in 12 weeks\" or \"15 March 2027\".",
            "Please give a date still ahead, e.g. \"in 12 weeks\" or \"15 March 2027\".",
            "Allowing more time is often what makes an ambitious change realistic."), cancellationToken);
    }

    // Follows the new target or date question (or the confirmation, which already kept the note): check again.
    private Task<DialogTurnResult> RecheckAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        switch (step.Values.Get<Check>(CheckKey).Adjusting)
        {
            case "target":
                draft = MeasurablePartDialog.WithTarget(draft, (decimal)step.Result!, _measures);
                break;
            case "date":
                draft = draft with { AnticipatedCompletion = (DateOnly)step.Result! };
                break;
            default:
                return step.NextAsync(null, cancellationToken);
        }

        return step.ReplaceDialogAsync($"{DialogId}.steps", new ObjectiveStep(For(step), draft with { AttainabilityNote = null, ConfirmedWarnings = [] }), cancellationToken);
    }

    private SmartResult Validate(WaterfallStepContext step, ObjectiveDraft draft)
    {
        var today = step.DialogContext.Clock.Today;
        var from = draft.BaselineMeasuredOn is { } measured && measured < today ? measured : (DateOnly?)null;
        return _smart.Validate(draft.ToObjective("draft"), new SmartContext(today, from));
    }
}
