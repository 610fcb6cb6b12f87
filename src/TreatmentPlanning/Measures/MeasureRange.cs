using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Measures;

/// <summary>
/// The values an objective's measure can take, inclusive at both ends: one rule for every place a baseline, target or
/// progress reading is typed or checked (SMART validation, the planning dialog, the plan card).
/// </summary>
public readonly record struct MeasureRange(decimal Min, decimal Max)
{
    /// <summary>
    /// The largest count per period. Counts have no clinical ceiling; this one is far above any behaviour counted per
    /// period in practice (a very active day is about 30,000 steps; a week has 10,080 minutes) and only catches slips
    /// such as extra zeros. It must never be lower than a count a clinician can reasonably save.
    /// </summary>
    public const decimal CountCeiling = 100_000m;

    public static MeasureRange Rating { get; } = new(0m, 10m);

    public static MeasureRange Count { get; } = new(0m, CountCeiling);

    /// <summary>0 = not done, 1 = done.</summary>
    public static MeasureRange DoneNotDone { get; } = new(0m, 1m);

    public bool Contains(decimal value) => Min <= value && value <= Max;

    /// <summary>The range of this measure; null for an instrument score naming no instrument the catalog has.</summary>
    public static MeasureRange? Of(ObjectiveMeasure measure, IMeasureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(catalog);
        return measure.Type switch
        {
            MeasureType.InstrumentScore => measure.MeasureId is { } id && catalog.Find(id) is { } scale
                ? new MeasureRange(scale.MinScore, scale.MaxScore)
                : null,
            MeasureType.Rating0To10 => Rating,
            MeasureType.CountPerPeriod => Count,
            _ => DoneNotDone,
        };
    }
}
