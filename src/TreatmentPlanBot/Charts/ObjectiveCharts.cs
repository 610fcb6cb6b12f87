using TreatmentPlanBot.Records;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Charts;

/// <summary>
/// The chart of one measured objective: every score of its instrument (in session and answered remotely, whenever
/// given) and the progress recorded against it, with the instrument's bands, the objective's baseline, target and
/// anticipated date. Only the measure's short name goes in: a chart never carries a person's name.
/// </summary>
public sealed class ObjectiveCharts(IMeasureCatalog catalog, OutcomeChartRenderer renderer)
{
    /// <summary>The chart, or null when the objective is not measured in numbers or has no score yet.</summary>
    public OutcomeChart? For(Objective objective, IReadOnlyList<AssessmentRecord> assessments, IReadOnlyList<ObjectiveProgress> progress) =>
        DataFor(objective, assessments, progress) is { } data ? renderer.Render(data) : null;

    public OutcomeChartData? DataFor(Objective objective, IReadOnlyList<AssessmentRecord> assessments, IReadOnlyList<ObjectiveProgress> progress)
    {
        if (objective.Measure is not { Type: not MeasureType.DoneNotDone } measure)
        {
            return null;
        }

        var points = progress
            .Where(p => p.ObjectiveId == objective.Id && p.Value is not null)
            .Select(p => new ChartPoint(p.MeasuredOn, p.Value!.Value))
            .ToList();
        var scale = measure is { Type: MeasureType.InstrumentScore, MeasureId: { } id } ? catalog.Find(id) : null;
        if (scale is not null)
        {
            points.AddRange(assessments
                .Where(a => a.Total is not null && string.Equals(a.InstrumentId, scale.Id, StringComparison.OrdinalIgnoreCase))
                .Select(a => new ChartPoint(DateOnly.FromDateTime(a.AdministeredAt.UtcDateTime), a.Total!.Value)));
        }

        if (points.Count == 0)
        {
            return null;
        }

        // A count's range is open-ended (up to 100,000): its chart spans the numbers seen instead.
        var range = measure.Type == MeasureType.CountPerPeriod ? null : MeasureRange.Of(measure, catalog);
        var values = points.Select(p => p.Value).Concat(new[] { measure.Baseline, measure.Target }.OfType<decimal>()).ToList();
        var min = range?.Min ?? Math.Min(0, values.Min());
        var max = range?.Max ?? Math.Max(Math.Ceiling(values.Max() * 1.1m), min + 1);
        return new OutcomeChartData(
            scale?.Id ?? (measure.Type == MeasureType.Rating0To10 ? "Rating" : "Count"),
            min,
            max,
            scale?.Bands ?? [],
            [.. points.OrderBy(p => p.On).ThenBy(p => p.Value)],
            measure.Baseline,
            measure.Target,
            objective.AnticipatedCompletion);
    }
}
