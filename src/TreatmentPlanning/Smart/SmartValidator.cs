using System.Globalization;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Smart;

/// <summary>Checks an objective against SMART and warns where it looks unattainable in the time given.</summary>
public sealed class SmartValidator(IMeasureCatalog catalog, AttainabilityOptions? options = null)
{
    private const int MinimumBehaviourWords = 3;
    private const decimal RatingMax = 10m;

    private readonly AttainabilityOptions _options = options ?? new AttainabilityOptions();

    public SmartResult Validate(Objective objective, SmartContext context)
    {
        var errors = new List<SmartFinding>();
        var warnings = new List<SmartFinding>();

        if (WordCount(objective.Behaviour) < MinimumBehaviourWords)
        {
            errors.Add(new(SmartLetter.Specific, SmartCodes.BehaviourMissing,
                "Specific: describe the behaviour or situation that will change, e.g. \"walks outside for 20 minutes on weekdays\"."));
        }

        Scale? scale = null;
        if (MeasurableError(objective.Measure) is { } measurableError)
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
            AttainabilityWarnings(measure, scale, baseline, target, objective.AnticipatedCompletion, context, warnings);
        }

        return new SmartResult(errors, warnings);
    }

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
            new Scale(m.Id, m.MinScore, m.MaxScore, m.HigherIsWorse, m.Bands.OrderBy(b => b.Min).FirstOrDefault(), _options.WeeklyScoreChangeFor(m.Id), "points"),
        MeasureType.Rating0To10 => new Scale("the rating", 0, RatingMax, null, null, _options.WeeklyRatingChange, "points"),
        MeasureType.CountPerPeriod => new Scale("the count", 0, null, null, null, null, measure.Unit!),
        _ => null,
    };

    private void AttainabilityWarnings(
        ObjectiveMeasure measure, Scale scale, decimal baseline, decimal target, DateOnly? due, SmartContext context, List<SmartFinding> warnings)
    {
        var inRange = true;
        if (!scale.Contains(baseline))
        {
            inRange = false;
            warnings.Add(Attainable(SmartCodes.BaselineOutOfRange, $"Attainable: {scale.RangeText}; check the baseline of {Format(baseline)}."));
        }

        if (!scale.Contains(target))
        {
            inRange = false;
            warnings.Add(Attainable(SmartCodes.TargetOutOfRange, $"Attainable: {scale.RangeText}, so a target of {Format(target)} can never be reached."));
        }

        var improvement = measure.Direction == ChangeDirection.Decrease ? baseline - target : target - baseline;
        if (scale.HigherIsWorse is { } higherIsWorse && higherIsWorse == (measure.Direction == ChangeDirection.Increase))
        {
            warnings.Add(Attainable(SmartCodes.DirectionWorsens,
                $"Attainable: {(higherIsWorse ? "higher" : "lower")} {scale.Name} scores mean more severe symptoms, so aiming for {(higherIsWorse ? "an increase" : "a decrease")} would be aiming for a worsening."));
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

        if (!inRange)
        {
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
        { HigherIsWorse: null, Max: null } =>
            $"Attainable: a target of 0 {scale.Unit} asks for the behaviour to stop entirely, and one slip can then feel like failure; consider managing it instead, e.g. a lower count, or fewer and milder episodes.",
        { HigherIsWorse: null } =>
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

    private static int WordCount(string? text) =>
        text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private sealed record Scale(string Name, decimal Min, decimal? Max, bool? HigherIsWorse, ScoreBand? LowestBand, decimal? WeeklyChange, string Unit)
    {
        public bool Contains(decimal value) => value >= Min && (Max is null || value <= Max);

        public string RangeText => Max is { } max
            ? $"{Name} runs from {Format(Min)} to {Format(max)}"
            : $"{Name} cannot be below {Format(Min)}";
    }
}
