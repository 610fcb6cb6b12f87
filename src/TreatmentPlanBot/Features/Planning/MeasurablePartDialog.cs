using BotCore.Dialogs;
using BotCore.Dialogs.Prompts;
using BotCore.Storage;
using BotCore.Time;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using TreatmentPlanning.Smart;

namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// Measurable: how progress is measured (an instrument, a count per period, a 0-10 rating, or done / not done), what
/// exactly, the baseline (offered from the latest scored assessment of an instrument) and the target. Numbers are read
/// within the domain's <see cref="MeasureRange"/>; the direction follows the numbers (<see cref="SmartRules.DirectionOf"/>).
/// </summary>
public sealed class MeasurablePartDialog : ObjectivePartDialog
{
    public const string DialogId = "planning.objective.part.measurable";

    private const string TypeId = DialogId + ".type";
    private const string InstrumentId = DialogId + ".instrument";
    private const string WhatIsMeasuredId = DialogId + ".what";
    private const string NumberId = DialogId + ".number";
    private const string LatestKey = "latest";

    private readonly ObjectiveSuggestions _suggestions;
    private readonly IMeasureCatalog _measures;
    private readonly ClientFiles _files;

    public MeasurablePartDialog(ObjectiveSuggestions suggestions, IMeasureCatalog measures, ClientFiles files)
        : base(DialogId)
    {
        _suggestions = suggestions;
        _measures = measures;
        _files = files;
        AddDialog(new ChoicePrompt(TypeId));
        AddDialog(new ChoicePrompt(InstrumentId));
        AddDialog(new TextPrompt(WhatIsMeasuredId, (prompt, _) => Task.FromResult(prompt.Recognized.Value?.Trim().Length is > 0 and <= ObjectiveLimits.WhatIsMeasured)));
        AddDialog(new NumberPrompt<decimal>(NumberId));
        Steps(AskTypeAsync, AskWhatIsMeasuredAsync, AskBaselineAsync, AskTargetAsync, KeepTargetAsync);
    }

    private static Task<DialogTurnResult> AskTypeAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var suggested = Draft(step).Measure is { } measure ? $" Suggested: {ObjectiveText.MeasureTypeTitle(measure)}." : string.Empty;
        return step.PromptAsync(TypeId, PromptOptions.Text(
            $"**Measurable**: how will progress be measured?{suggested}",
            "Please pick one of the four ways of measuring.",
            "An instrument score (e.g. PHQ-9) repeats a standard measure; a count per period suits behaviours (drinks per day, outbursts per week); a 0-10 rating suits how something feels; done / not done suits a single step such as writing a safety plan.") with
        {
            Choices =
            [
                new Choice(nameof(MeasureType.InstrumentScore)) { Title = "An instrument score (e.g. PHQ-9)", Synonyms = ["instrument", "score", "measure"] },
                new Choice(nameof(MeasureType.CountPerPeriod)) { Title = "A count per period", Synonyms = ["count", "count per period"] },
                new Choice(nameof(MeasureType.Rating0To10)) { Title = "A 0-10 rating", Synonyms = ["rating", "0-10"] },
                new Choice(nameof(MeasureType.DoneNotDone)) { Title = "Done / not done", Synonyms = ["done", "done not done"] },
            ],
        }, cancellationToken);
    }

    // Follows the type question; from here on the draft's measure type says which question comes next.
    private Task<DialogTurnResult> AskWhatIsMeasuredAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var type = Enum.Parse<MeasureType>(((FoundChoice)step.Result!).Value);
        var draft = Draft(step);
        var suggestion = _suggestions.Of(For(step), draft);
        var measure = draft.Measure is { } current && current.Type == type
            ? current
            : suggestion is not null && suggestion.MeasureType == type
                ? new ObjectiveMeasure(type, suggestion.Direction, MeasureId: suggestion.MeasureId, Unit: suggestion.Unit)
                : new ObjectiveMeasure(type, ChangeDirection.Increase);
        Keep(step, draft with { Measure = measure, BaselineMeasuredOn = draft.Measure?.Type == type ? draft.BaselineMeasuredOn : null });

        switch (type)
        {
            case MeasureType.InstrumentScore:
                var instruments = _measures.All
                    .OrderBy(m => string.Equals(m.Id, measure.MeasureId, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                    .ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase)
                    .ToList();
                return step.PromptAsync(InstrumentId, PromptOptions.Text(
                    measure.MeasureId is { } suggested ? $"Which measure? Suggested: {suggested}." : "Which measure?",
                    "Please pick one of the clinic's measures.",
                    "Its score is repeated over time (in sessions or check-ins) to show progress.") with
                {
                    Choices = [.. instruments.Select(m => new Choice(m.Id) { Title = $"{m.Id}: {m.Name}" })],
                    SelectedChoice = measure.MeasureId,
                }, cancellationToken);
            case MeasureType.CountPerPeriod:
                return step.PromptAsync(WhatIsMeasuredId, PromptOptions.Text(
                    measure.Unit is { } unit
                        ? $"What is counted, and per what period? Say **ok** to use \"{unit}\", or type your own, e.g. \"outbursts per week\"."
                        : "What is counted, and per what period? E.g. \"drinks per day\" or \"outbursts per week\".",
                    $"Please type what is counted and the period in up to {ObjectiveLimits.WhatIsMeasured} characters, e.g. \"panic attacks per week\".",
                    "The count and its period make the objective measurable: the client or you record it each period."), cancellationToken);
            case MeasureType.Rating0To10:
                return step.PromptAsync(WhatIsMeasuredId, PromptOptions.Text(
                    "What does the client rate from 0 to 10? E.g. \"confidence speaking up at work\".",
                    $"Please type what is rated, in up to {ObjectiveLimits.WhatIsMeasured} characters.",
                    "A 0-10 rating records how something feels to the client; say what 0 and 10 mean when you first ask them."), cancellationToken);
            default:
                return step.NextAsync(null, cancellationToken);
        }
    }

    private async Task<DialogTurnResult> AskBaselineAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        var measure = draft.Measure!;
        switch (measure.Type)
        {
            case MeasureType.DoneNotDone:
                return await step.NextAsync(null, cancellationToken).ConfigureAwait(false);
            case MeasureType.InstrumentScore:
                var instrument = ((FoundChoice)step.Result!).Value;
                measure = measure with { MeasureId = instrument, Direction = SmartRules.ImprovingDirection(instrument, _measures) };
                break;
            default:
                var text = (string)step.Result!;
                measure = measure with { Unit = ObjectiveText.IsKeep(text) && measure.Unit is not null ? measure.Unit : text.Trim() };
                break;
        }

        Keep(step, draft with { Measure = measure });
        var question = $"What is the baseline {What(measure)} now?";
        if (measure.Type == MeasureType.InstrumentScore && await LatestScoreAsync(step, measure.MeasureId!, cancellationToken).ConfigureAwait(false) is { } latest)
        {
            step.Values.Set(LatestKey, latest);
            question = $"The latest {latest.InstrumentId} score is **{latest.Total}**, from {ObjectiveText.Format(latest.On)}. Type **{latest.Total}** to use it as the baseline, or another score.";
        }
        else if (measure.Type == MeasureType.InstrumentScore)
        {
            question = $"There is no {measure.MeasureId} score on file yet. What is the baseline score?";
        }

        return await step.PromptAsync(NumberId, PromptOptions.Text(question, help: "The baseline is where the client is now; progress is measured from it.") with
        {
            Validations = RangeOf(measure),
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<DialogTurnResult> AskTargetAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var draft = Draft(step);
        if (draft.Measure is not { Type: not MeasureType.DoneNotDone } measure)
        {
            return step.NextAsync(null, cancellationToken);
        }

        var baseline = (decimal)step.Result!;
        var fromAssessment = step.Values.TryGet<LatestScore>(LatestKey, out var latest) && latest.Total == baseline ? latest.On : (DateOnly?)null;
        Keep(step, draft with { Measure = measure with { Baseline = baseline }, BaselineMeasuredOn = fromAssessment });
        var hint = measure.Type == MeasureType.InstrumentScore && _measures.Find(measure.MeasureId!) is { } scale
            ? $" ({(SmartRules.ImprovingDirection(scale.Id, _measures) == ChangeDirection.Decrease ? "lower" : "higher")} is better on {scale.Id})"
            : string.Empty;
        return step.PromptAsync(NumberId, TargetQuestion($"What is the target {What(measure)}?{hint}",
            "The target is the value that shows the objective is met. Aim for what the client would call a real change, not perfection.", measure), cancellationToken);
    }

    private Task<DialogTurnResult> KeepTargetAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Draft(step).Measure is { Type: not MeasureType.DoneNotDone })
        {
            Keep(step, WithTarget(Draft(step), (decimal)step.Result!, _measures));
        }

        return step.NextAsync(null, cancellationToken);
    }

    private PromptOptions TargetQuestion(string question, string help, ObjectiveMeasure measure) => TargetQuestion(question, help, measure, _measures);

    /// <summary>A target question, read within the measure's range (the attainability check asks it again).</summary>
    internal static PromptOptions TargetQuestion(string question, string help, ObjectiveMeasure measure, IMeasureCatalog measures) =>
        PromptOptions.Text(question, help: help) with { Validations = RangeOf(measure, measures) };

    internal static ObjectiveDraft WithTarget(ObjectiveDraft draft, decimal target, IMeasureCatalog measures) =>
        draft.Measure is { Baseline: { } baseline } measure
            ? draft with { Measure = measure with { Target = target, Direction = SmartRules.DirectionOf(measure, baseline, target, measures) } }
            : draft;

    private string What(ObjectiveMeasure measure) => What(measure, _measures);

    /// <summary>What the numbers of this measure are, e.g. "PHQ-9 score (0-27)" or "number of drinks per day".</summary>
    internal static string What(ObjectiveMeasure measure, IMeasureCatalog measures) => measure.Type switch
    {
        MeasureType.InstrumentScore when measures.Find(measure.MeasureId!) is { } scale => $"{scale.Id} score ({scale.MinScore}-{scale.MaxScore})",
        MeasureType.Rating0To10 => $"rating of {measure.Unit ?? "it"} (0-10)",
        _ => $"number of {measure.Unit ?? "times"}",
    };

    private NumberRange<decimal> RangeOf(ObjectiveMeasure measure) => RangeOf(measure, _measures);

    private static NumberRange<decimal> RangeOf(ObjectiveMeasure measure, IMeasureCatalog measures) =>
        MeasureRange.Of(measure, measures) is { } range ? new NumberRange<decimal>(range.Min, range.Max) : new NumberRange<decimal>(null, null);

    private async Task<LatestScore?> LatestScoreAsync(WaterfallStepContext step, string measureId, CancellationToken cancellationToken)
    {
        if (Caller.From(step.Context.Activity) is not { } caller)
        {
            return null;
        }

        try
        {
            var opened = await _files.OpenClinicalViewAsync(caller, For(step).ClientId, "assessments", cancellationToken).ConfigureAwait(false);
            if (!opened.Allowed)
            {
                return null;
            }

            var latest = (await opened.File.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false))
                .Where(a => a.Total is not null && string.Equals(a.InstrumentId, measureId, StringComparison.OrdinalIgnoreCase))
                .MaxBy(a => a.AdministeredAt);
            return latest is null ? null : new LatestScore(latest.InstrumentId, latest.Total!.Value, step.DialogContext.Clock.DateOf(latest.AdministeredAt));
        }
        catch (StorageException e) when (e.Kind == StorageErrorKind.Unavailable)
        {
            // Without the records the clinician types the baseline; nothing is lost.
            return null;
        }
    }

    private sealed record LatestScore(string InstrumentId, int Total, DateOnly On);
}
