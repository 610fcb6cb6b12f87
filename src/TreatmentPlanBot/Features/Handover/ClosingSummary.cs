using System.Globalization;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Handover;

/// <summary>
/// The closing outcome summary: for each measure scored since the plan started, the first and last scores and what the
/// change means by the clinic's thresholds (<see cref="OutcomeCalculator"/>), and objectives achieved of those planned.
/// </summary>
public sealed class ClosingSummary(OutcomeCalculator outcomes)
{
    public (IReadOnlyList<ClosingScore> Scores, int Achieved, int Planned) Summarise(TreatmentPlan plan, IReadOnlyList<AssessmentRecord> assessments, Func<DateTimeOffset, DateOnly> dateOf, DateOnly today)
    {
        var scores = assessments
            .Where(a => a.Total is not null && dateOf(a.AdministeredAt) >= plan.Started)
            .GroupBy(a => a.InstrumentId)
            .Select(group =>
            {
                var ordered = group.OrderBy(a => a.AdministeredAt).ToList();
                var (first, last) = (ordered[0], ordered[^1]);
                var change = ordered.Count < 2
                    ? "one score only: no change to report"
                    : Words(outcomes.Assess(group.Key, [.. ordered.Select(a => new MeasureScore(dateOf(a.AdministeredAt), a.Total!.Value))], today));
                return new ClosingScore(first.InstrumentName, first.Total!.Value, dateOf(first.AdministeredAt), last.Total!.Value, dateOf(last.AdministeredAt), change);
            })
            .OrderBy(s => s.Instrument, StringComparer.Ordinal)
            .ToList();
        var planned = plan.Objectives.Count(o => o.Status != ObjectiveStatus.Revised);
        var achieved = plan.Objectives.Count(o => o.Status == ObjectiveStatus.Achieved);
        return (scores, achieved, planned);
    }

    public static string Describe(ClosingScore score) => string.Create(CultureInfo.InvariantCulture,
        $"{score.First} on {Display(score.FirstOn)} → {score.Last} on {Display(score.LastOn)}: {score.Change}");

    public static string Display(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string Words(TreatmentPlanning.Outcomes.MeasureOutcome outcome) => outcome switch
    {
        { ReliableImprovement: true, Remission: true } => "reliable improvement, in remission",
        { ReliableImprovement: true } => "reliable improvement",
        { ReliableDeterioration: true } => "reliable deterioration",
        { ReliableImprovement: null } => "no reliable-change threshold is set for this measure",
        _ => "no reliable change",
    };
}
