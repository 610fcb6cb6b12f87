using System.Globalization;
using TreatmentPlanBot.Records;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;
using ObjectiveProgress = TreatmentPlanBot.Records.ObjectiveProgress;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>A reading of an objective's measure: from progress recorded on the plan, or a scored assessment.</summary>
public sealed record MeasureReading(decimal Value, DateOnly On, DateTimeOffset RecordedAt)
{
    /// <summary>From the client's own check-in (a remote assessment, or the progress it recorded).</summary>
    public bool FromCheckIn { get; init; }
}

/// <summary>How an objective's measure is named, bounded and read, the same way on every card.</summary>
public sealed class ObjectiveMeasures(IMeasureCatalog catalog)
{
    public MeasureBounds Bounds(ObjectiveMeasure? measure)
    {
        var (name, unit) = Describe(measure);
        var (min, max) = Range(measure);
        return new MeasureBounds(name, unit, Direction(measure), min, max);
    }

    // The domain's one range rule, as the planning dialog uses it: what chat saves, the card can edit and record.
    public (decimal Min, decimal Max) Range(ObjectiveMeasure? measure) =>
        measure is not null && MeasureRange.Of(measure, catalog) is { } range ? (range.Min, range.Max) : (0m, 1m);

    public (string Name, string Unit) Describe(ObjectiveMeasure? measure) => measure?.Type switch
    {
        MeasureType.InstrumentScore when Scale(measure) is { } scale => (scale.Name, $"score {scale.MinScore}-{scale.MaxScore}"),
        MeasureType.InstrumentScore => (measure.MeasureId ?? "Score", "score"),
        MeasureType.CountPerPeriod => ("Count", string.IsNullOrWhiteSpace(measure.Unit) ? "count per period" : measure.Unit!),
        MeasureType.Rating0To10 => ("Rating", "rating 0-10"),
        _ => ("Done or not done", "done or not done"),
    };

    public static string Direction(ObjectiveMeasure? measure) =>
        measure?.Direction == ChangeDirection.Decrease ? "lower" : "higher";

    /// <summary>A value as the card shows it: a number, or words for done / not done.</summary>
    public static object Show(ObjectiveMeasure? measure, decimal? value, string missing) =>
        measure is null || measure.Type == MeasureType.DoneNotDone
            ? (value is { } done ? (done >= 1 ? "done" : "not done") : missing)
            : value is { } number ? Normalise(number) : missing;

    public static object Baseline(ObjectiveMeasure? measure) =>
        measure is null || measure.Type == MeasureType.DoneNotDone ? "not done" : Show(measure, measure.Baseline, "not recorded");

    public static object Target(ObjectiveMeasure? measure) =>
        measure is null || measure.Type == MeasureType.DoneNotDone ? "done" : Show(measure, measure.Target, "not set");

    /// <summary>
    /// The newest reading: progress recorded against the objective, or for an instrument score the newest scored
    /// administration of that instrument since the plan started.
    /// </summary>
    public static MeasureReading? Latest(Objective objective, DateOnly planStarted, IReadOnlyList<ObjectiveProgress> progress, IReadOnlyList<AssessmentRecord> assessments)
    {
        var readings = progress
            .Where(p => p.ObjectiveId == objective.Id && p.Value is not null)
            .Select(p => new MeasureReading(p.Value!.Value, p.MeasuredOn, p.RecordedAt) { FromCheckIn = p.ReadingId?.StartsWith("checkin-", StringComparison.Ordinal) == true });
        if (objective.Measure is { Type: MeasureType.InstrumentScore, MeasureId: { } instrumentId })
        {
            readings = readings.Concat(assessments
                .Where(a => a.Total is not null && string.Equals(a.InstrumentId, instrumentId, StringComparison.OrdinalIgnoreCase))
                .Select(a => new MeasureReading(a.Total!.Value, DateOnly.FromDateTime(a.AdministeredAt.UtcDateTime), a.AdministeredAt) { FromCheckIn = a.Mode == AssessmentMode.ClientRemote })
                .Where(r => r.On >= planStarted));
        }

        return readings.OrderBy(r => r.On).ThenBy(r => r.RecordedAt).LastOrDefault();
    }

    public static decimal Normalise(decimal value) => value / 1.0000000000000000000000000000m;

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Display(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private MeasureScale? Scale(ObjectiveMeasure measure) =>
        measure.MeasureId is { } id ? catalog.Find(id) : null;
}
