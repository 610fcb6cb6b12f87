namespace TreatmentPlanning.Measures;

/// <summary>
/// What planning needs to know about a standardized measure without depending on how instruments are scored:
/// its score range, its bands, and its outcome thresholds. The instrument library implements this.
/// </summary>
public interface IMeasureCatalog
{
    /// <summary>The measure with this id (case-insensitive, e.g. "PHQ-9"), or null.</summary>
    MeasureScale? Find(string measureId);

    IReadOnlyCollection<MeasureScale> All { get; }
}

/// <summary>
/// A scored measure's scale. Higher scores mean more severe unless <see cref="HigherIsWorse"/> is false.
/// <see cref="ClinicalCutOff"/> is the score from which the problem is clinically significant, when the measure has one.
/// </summary>
public sealed record MeasureScale(
    string Id,
    string Name,
    int MinScore,
    int MaxScore,
    IReadOnlyList<ScoreBand> Bands,
    bool HigherIsWorse = true,
    int? ClinicalCutOff = null);

/// <summary>A severity band, inclusive at both ends.</summary>
public sealed record ScoreBand(string Label, int Min, int Max);
