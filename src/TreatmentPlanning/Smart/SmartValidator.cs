using System.Globalization;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Smart;

/// <summary>Checks an objective against SMART and warns where it looks unattainable in the time given.</summary>
public sealed class SmartValidator(IMeasureCatalog catalog, AttainabilityOptions? options = null)
{
    private readonly AttainabilityOptions _options = options ?? new AttainabilityOptions();

    public SmartResult Validate(Objective objective, SmartContext context)
    {
        var errors = new List<SmartFinding>();
        var warnings = new List<SmartFinding>();

        if (!SmartRules.IsSpecific(objective.Behaviour))
        {
            errors.Add(new(SmartLetter.Specific, SmartCodes.BehaviourMissing,
                "Specific: describe the behaviour or situation that will change, e.g. \"walks outside for 20 minutes on weekdays\"."));
        }

        Scale? scale = null;
        if ((MeasurableError(objective.Measure) ?? RangeError(objective.Measure!)) is { } measurableError)
        {
            errors.Add(measurableError);
        }
        else
        {
            scale = ScaleOf(objective.Measure!);
        }

        if (string.IsNullOrWhiteSpace(objective.Relevance))
        {
            errors.Add(new(SmartLetter.Relevant, SmartCodes.RelevanceMissing,
                "Relevant: note why this matters to the client, in their own words."));
        }

        if (objective.AnticipatedCompletion is not { } due)
        {
            errors.Add(new(SmartLetter.TimeBound, SmartCodes.CompletionDateMissing,
                "Time-bound: set an anticipated completion date."));
        }
        else if (due < context.Today)
        {
            warnings.Add(new(SmartLetter.TimeBound, SmartCodes.CompletionDateInPast,
                $"Time-bound: the anticipated completion date ({Format(due)}) has already passed; choose a date still ahead."));
        }

        if (scale is not null && objective.Measure is { Baseline: { } baseline, Target: { } target } measure)
        {
            Attainability(measure, scale, baseline, target, objective.AnticipatedCompletion, context, errors, warnings);
        }

        // One message per letter, in SMART order.
        return new SmartResult([.. errors.OrderBy(e => e.Letter)], warnings);
    }

    // A baseline or target the measure cannot take is not a measurement: it blocks, whatever the type.
    private SmartFinding? RangeError(ObjectiveMeasure measure)
    {
        if (MeasureRange.Of(measure, catalog) is not { } range)
        {
            return null;
        }

        var text = RangeText(measure, range);
        if (measure.Baseline is { } baseline && !range.Contains(baseline))
        {
            return Measurable(SmartCodes.BaselineOutOfRange, $"Measurable: {text}, so a baseline of {Format(baseline)} cannot be right; check it.");
        }

        return measure.Target is { } target && !range.Contains(target)
            ? Measurable(SmartCodes.TargetOutOfRange, $"Measurable: {text}, so a target of {Format(target)} can never be reached.")
            : null;
    }

    private static string RangeText(ObjectiveMeasure measure, MeasureRange range) => measure.Type switch
    {
        MeasureType.InstrumentScore => $"{measure.MeasureId} runs from {Format(range.Min)} to {Format(range.Max)}",
        MeasureType.Rating0To10 => $"the rating runs from {Format(range.Min)} to {Format(range.Max)}",
        MeasureType.CountPerPeriod => $"a count of {measure.Unit} runs from {Format(range.Min)} to {Format(range.Max)}",
        _ => "done / not done is 1 or 0",
    };

    private SmartFinding? MeasurableError(ObjectiveMeasure? measure)
    {
        if (measure is null)
        {
            return Measurable(SmartCodes.MeasureMissing,
                "Measurable: choose how progress will be measured: an instrument score, a count per period, a 0-10 rating, or done / not done.");
        }

        if (measure.Type == MeasureType.InstrumentScore)
        {
            if (string.IsNullOrWhiteSpace(measure.MeasureId))
            {
                return Measurable(SmartCodes.InstrumentMissing, "Measurable: name the instrument whose score shows progress, e.g. PHQ-9.");
            }

            if (catalog.Find(measure.MeasureId) is null)
            {
                return Measurable(SmartCodes.InstrumentUnknown,
                    $"Measurable: {measure.MeasureId} is not a measure this clinic has; choose one from the list of measures.");
            }
        }

        if (measure.Type == MeasureType.CountPerPeriod && string.IsNullOrWhiteSpace(measure.Unit))
        {
            return Measurable(SmartCodes.UnitMissing, "Measurable: say what is counted and per what period, e.g. \"outbursts per week\".");
        }

        if (measure.Type == MeasureType.DoneNotDone)
        {
            return null;
        }

        var noun = Noun(measure.Type);
        if (measure.Baseline is null)
        {
            return Measurable(SmartCodes.BaselineMissing, $"Measurable: give a baseline {noun}.");
        }

        return measure.Target is null
            ? Measurable(SmartCodes.TargetMissing, $"Measurable: give a target {noun}.")
            : null;
    }

    private Scale? ScaleOf(ObjectiveMeasure measure) => measure.Type switch
    {
        MeasureType.InstrumentScore when catalog.Find(measure.MeasureId!) is { } m =>
            new Scale(MeasureType.InstrumentScore, m.Id, m.MinScore, m.HigherIsWorse, m.Bands.OrderBy(b => b.Min).FirstOrDefault(),
                _options.WeeklyScoreChangeFor(m.Id) ?? _options.DefaultWeeklyScoreChangeFraction * (m.MaxScore - m.MinScore), "points"),
        MeasureType.Rating0To10 => new Scale(MeasureType.Rating0To10, "the rating", MeasureRange.Rating.Min, null, null, _options.WeeklyRatingChange, "points"),
        MeasureType.CountPerPeriod => new Scale(MeasureType.CountPerPeriod, "the count", MeasureRange.Count.Min, null, null, null, measure.Unit!),
        _ => null,
    };

    private void Attainability(
        ObjectiveMeasure measure, Scale scale, decimal baseline, decimal target, DateOnly? due, SmartContext context, List<SmartFinding> errors, List<SmartFinding> warnings)
    {
        var improvement = measure.Direction == ChangeDirection.Decrease ? baseline - target : target - baseline;

        // On a symptom measure "worse" is known: aiming for it is never a plan to confirm, so it blocks.
        if (scale.HigherIsWorse is { } higherIsWorse)
        {
            var worse = higherIsWorse ? "higher" : "lower";
            if (higherIsWorse == (measure.Direction == ChangeDirection.Increase))
            {
                errors.Add(Attainable(SmartCodes.DirectionWorsens,
                    $"Attainable: {worse} {scale.Name} scores mean more severe symptoms, so aiming for {(higherIsWorse ? "an increase" : "a decrease")} would be aiming for a worsening."));
                return;
            }

            if (improvement < 0)
            {
                errors.Add(Attainable(SmartCodes.WrongDirection,
                    $"Attainable: {worse} {scale.Name} scores mean more severe symptoms, so a target of {Format(target)} from a baseline of {Format(baseline)} would be aiming for a worsening; set a target {(higherIsWorse ? "below" : "above")} the baseline."));
                return;
            }
        }

        if (improvement < 0)
        {
            warnings.Add(Attainable(SmartCodes.WrongDirection,
                $"Attainable: the objective aims for {(measure.Direction == ChangeDirection.Decrease ? "a decrease" : "an increase")}, but the target ({Format(target)}) is {(measure.Direction == ChangeDirection.Decrease ? "above" : "below")} the baseline ({Format(baseline)})."));
            return;
        }

        if (improvement == 0)
        {
            warnings.Add(Attainable(SmartCodes.NoChange,
                "Attainable: the target equals the baseline, so the objective asks for no change; confirm that holding steady is the aim."));
            return;
        }

        if (measure.Direction == ChangeDirection.Decrease && target == scale.Min && EliminationSuggestion(scale) is { } suggestion)
        {
            warnings.Add(Attainable(SmartCodes.EliminationTarget, suggestion));
        }

        if (due is { } completion && scale.WeeklyChange is { } weeklyRate)
        {
            var from = context.MeasuredFrom ?? context.Today;
            var days = completion.DayNumber - from.DayNumber;
            if (days > 0 && improvement / days * 7 > weeklyRate)
            {
                var weeks = decimal.Divide(days, 7);
                var reachable = Math.Round(weeklyRate * weeks, MidpointRounding.ToZero);
                var intermediate = measure.Direction == ChangeDirection.Decrease ? baseline - reachable : baseline + reachable;
                var weeksNeeded = (int)Math.Ceiling(improvement / weeklyRate);
                warnings.Add(Attainable(SmartCodes.ImplausibleChange,
                    $"Attainable: a change of {Format(improvement)} {scale.Unit} on {scale.Name} in {Format(Math.Round(weeks, 1))} weeks is faster than usually seen " +
                    $"(about {Format(weeklyRate)} a week at most). Consider an intermediate target of {Format(intermediate)} by then, " +
                    $"or a completion date around {Format(from.AddDays(weeksNeeded * 7))}."));
            }
        }
    }

    private static string? EliminationSuggestion(Scale scale) => scale switch
    {
        { HigherIsWorse: true, LowestBand: { } band } =>
            $"Attainable: a {scale.Name} score of {Format(scale.Min)} means no symptoms at all; a target in the {band.Label.ToLowerInvariant()} band ({band.Min}-{band.Max}) is more realistic and still a real recovery.",
        { Type: MeasureType.CountPerPeriod } =>
            $"Attainable: a target of 0 {scale.Unit} asks for the behaviour to stop entirely, and one slip can then feel like failure; consider managing it instead, e.g. a lower count, or fewer and milder episodes.",
        { Type: MeasureType.Rating0To10 } =>
            "Attainable: a rating of 0 asks for the problem to disappear entirely; consider a rating the client would call manageable, e.g. 2 or 3.",
        _ => null,
    };

    private static SmartFinding Measurable(string code, string message) => new(SmartLetter.Measurable, code, message);

    private static SmartFinding Attainable(string code, string message) => new(SmartLetter.Attainable, code, message);

    private static string Noun(MeasureType type) => type switch
    {
        MeasureType.InstrumentScore => "score",
        MeasureType.CountPerPeriod => "count",
        _ => "rating",
    };

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>What attainability needs to know of a measure; its range is <see cref="MeasureRange"/>.</summary>
    private sealed record Scale(MeasureType Type, string Name, decimal Min, bool? HigherIsWorse, ScoreBand? LowestBand, decimal? WeeklyChange, string Unit);
}
