using System.Globalization;
using TreatmentPlanning.Measures;

namespace TreatmentPlanning.Outcomes;

/// <summary>Change from baseline, reliable change, response, remission and the not-on-track signal for one measure.</summary>
public sealed class OutcomeCalculator
{
    private readonly OutcomeOptions _options;
    private readonly IMeasureCatalog _catalog;

    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public OutcomeCalculator(OutcomeOptions options, IMeasureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = options.Validate().ToList();
        foreach (var (id, thresholds) in options.Measures)
        {
            if (thresholds.ClinicalCutOff is null && catalog.Find(id)?.ClinicalCutOff is null)
            {
                errors.Add($"{OutcomeOptions.SectionName}:Measures:{id}:ClinicalCutOff is needed: {id} has no clinical cut-off in its definition, and remission is only counted from a baseline at or above one.");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _catalog = catalog;
    }

    /// <param name="scores">Every administration so far; the earliest is the baseline.</param>
    /// <param name="asOf">Today, for the weeks-without-improvement rule.</param>
    public MeasureOutcome Assess(string measureId, IReadOnlyList<MeasureScore> scores, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("At least a baseline score is needed.", nameof(scores));
        }

        var ordered = scores.OrderBy(s => s.Date).ToList();
        var (baseline, latest) = (ordered[0], ordered[^1]);
        var scale = _catalog.Find(measureId);
        var higherIsWorse = scale?.HigherIsWorse ?? true;
        int Improvement(MeasureScore s) => higherIsWorse ? baseline.Score - s.Score : s.Score - baseline.Score;

        var thresholds = _options.Measures.GetValueOrDefault(measureId);
        if (thresholds is null)
        {
            return new MeasureOutcome(measureId, baseline, latest, latest.Score - baseline.Score, null, null, null, null, null);
        }

        var improvement = Improvement(latest);
        var reliableImprovement = improvement >= thresholds.ReliableChange;
        var reliableDeterioration = -improvement >= thresholds.ReliableChange;
        var response = baseline.Score > 0 && improvement >= thresholds.ResponseFraction * baseline.Score;
        // CLINICAL.md: one low score, or a client who started below the clinical cut-off, is not in remission.
        var cutOff = thresholds.ClinicalCutOff ?? scale!.ClinicalCutOff!.Value;
        var startedClinical = higherIsWorse ? baseline.Score >= cutOff : baseline.Score <= cutOff;
        var belowRemission = higherIsWorse ? latest.Score < thresholds.RemissionBelow : latest.Score > thresholds.RemissionBelow;
        var remission = ordered.Count >= 2 && startedClinical && belowRemission;

        NotOnTrackSignal? notOnTrack = null;
        var worsened = ordered.Skip(1).FirstOrDefault(s => -Improvement(s) >= thresholds.ReliableChange);
        var weeks = (asOf.DayNumber - baseline.Date.DayNumber) / 7;
        if (worsened is not null)
        {
            notOnTrack = NotOnTrackSignal.Because(deterioration: true, string.Create(CultureInfo.InvariantCulture,
                $"{measureId} went from {baseline.Score} at baseline ({baseline.Date:yyyy-MM-dd}) to {worsened.Score} on {worsened.Date:yyyy-MM-dd}: a reliable deterioration ({thresholds.ReliableChange} points or more)."));
        }
        else if (weeks >= _options.NotOnTrackAfterWeeks && !reliableImprovement)
        {
            notOnTrack = NotOnTrackSignal.Because(deterioration: false, string.Create(CultureInfo.InvariantCulture,
                $"{measureId} shows no reliable improvement after {weeks} weeks: {baseline.Score} at baseline ({baseline.Date:yyyy-MM-dd}), {latest.Score} on {latest.Date:yyyy-MM-dd}; reliable improvement needs {thresholds.ReliableChange} points or more."));
        }

        return new MeasureOutcome(
            measureId, baseline, latest, latest.Score - baseline.Score,
            reliableImprovement, reliableDeterioration, response, remission, notOnTrack);
    }
}

public sealed record MeasureScore(DateOnly Date, int Score);

/// <summary>
/// The outcome at the latest score. Change is latest minus baseline (negative is a drop). The flags are null for a
/// measure without configured thresholds.
/// </summary>
public sealed record MeasureOutcome(
    string MeasureId,
    MeasureScore Baseline,
    MeasureScore Latest,
    int Change,
    bool? ReliableImprovement,
    bool? ReliableDeterioration,
    bool? Response,
    bool? Remission,
    NotOnTrackSignal? NotOnTrack)
{
    public bool IsOnTrack => NotOnTrack is null;
}

public enum WayForwardKind
{
    ChangeTactics,
    AlterGoals,
    Refer,
}

public sealed record WayForward(WayForwardKind Kind, string Description);

/// <summary>
/// Therapy is not working on this measure; said to clinician and supervisor with the three ways forward (CLINICAL.md).
/// <see cref="Deterioration"/>: a reliable deterioration, rather than no reliable improvement in the weeks allowed.
/// </summary>
public sealed record NotOnTrackSignal(string Reason, IReadOnlyList<WayForward> WaysForward)
{
    public bool Deterioration { get; init; }

    public static IReadOnlyList<WayForward> AllWaysForward { get; } =
    [
        new(WayForwardKind.ChangeTactics, "Change tactics: try other interventions, or change how the current ones are delivered."),
        new(WayForwardKind.AlterGoals, "Alter the goals: revise the objectives or their targets with the client."),
        new(WayForwardKind.Refer, "Refer: to another clinician, a specialist service or a more intensive level of care."),
    ];

    internal static NotOnTrackSignal Because(bool deterioration, string reason) => new(reason, AllWaysForward) { Deterioration = deterioration };
}
