using TreatmentPlanning.Measures;
using TreatmentPlanning.Plans;

namespace TreatmentPlanning.Smart;

/// <summary>SMART rules that are checked where an objective is typed as well as when it is validated whole.</summary>
public static class SmartRules
{
    /// <summary>Fewer words than this cannot say what behaviour or situation will change ("feel better" does not).</summary>
    public const int MinimumBehaviourWords = 3;

    /// <summary>Whether the text is long enough to be the Specific part of an objective.</summary>
    public static bool IsSpecific(string? behaviour) =>
        (behaviour?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0) >= MinimumBehaviourWords;

    /// <summary>The direction that means improvement on an instrument: lower scores unless the scale says higher is better.</summary>
    public static ChangeDirection ImprovingDirection(string measureId, IMeasureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Find(measureId) is { HigherIsWorse: false } ? ChangeDirection.Increase : ChangeDirection.Decrease;
    }

    /// <summary>
    /// The direction an objective asks for follows its numbers (a target below the baseline is a decrease); when they are
    /// equal, an instrument's improving direction, otherwise the direction the measure already has.
    /// </summary>
    public static ChangeDirection DirectionOf(ObjectiveMeasure measure, decimal baseline, decimal target, IMeasureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(measure);
        return target < baseline ? ChangeDirection.Decrease
            : target > baseline ? ChangeDirection.Increase
            : measure.Type == MeasureType.InstrumentScore && measure.MeasureId is { } id ? ImprovingDirection(id, catalog)
            : measure.Direction;
    }
}
