using TreatmentPlanning.Measures;

namespace TreatmentPlanning.Tests.Smart;

/// <summary>The measures planning tests need, as the instrument library will publish them.</summary>
internal sealed class TestMeasureCatalog : IMeasureCatalog
{
    public static TestMeasureCatalog Instance { get; } = new();

    public IReadOnlyCollection<MeasureScale> All { get; } =
    [
        new("PHQ-9", "Patient Health Questionnaire-9", 0, 27,
            [new("Minimal", 0, 4), new("Mild", 5, 9), new("Moderate", 10, 14), new("Moderately severe", 15, 19), new("Severe", 20, 27)]),
        new("GAD-7", "Generalized Anxiety Disorder-7", 0, 21,
            [new("Minimal", 0, 4), new("Mild", 5, 9), new("Moderate", 10, 14), new("Severe", 15, 21)]),
        new("PCL-5", "PTSD Checklist for DSM-5", 0, 80, []),
        new("AUDIT-C", "Alcohol Use Disorders Identification Test - Consumption", 0, 12, []),
    ];

    public MeasureScale? Find(string measureId) =>
        All.FirstOrDefault(m => string.Equals(m.Id, measureId, StringComparison.OrdinalIgnoreCase));
}
