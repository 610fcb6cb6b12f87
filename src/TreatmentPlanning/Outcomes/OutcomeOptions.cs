namespace TreatmentPlanning.Outcomes;

/// <summary>Outcome definitions per measure and the not-on-track rule. Bound from the "Outcomes" section.</summary>
public sealed class OutcomeOptions
{
    public const string SectionName = "Outcomes";

    /// <summary>Weeks from baseline after which no reliable improvement means therapy is not on track (CLINICAL.md: 8).</summary>
    public int NotOnTrackAfterWeeks { get; set; } = 8;

    /// <summary>Thresholds by measure id. Defaults per CLINICAL.md; a clinic may override or add measures.</summary>
    public Dictionary<string, MeasureThresholds> Measures { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Reliable change indices and remission cut-offs as in CLINICAL.md (PHQ-9: Kroenke 2001 / McMillan 2010;
        // GAD-7: Spitzer 2006; PCL-5: National Center for PTSD, 10-point change, below 31).
        ["PHQ-9"] = new() { ReliableChange = 6, ResponseFraction = 0.5m, RemissionBelow = 5 },
        ["GAD-7"] = new() { ReliableChange = 4, ResponseFraction = 0.5m, RemissionBelow = 5 },
        ["PCL-5"] = new() { ReliableChange = 10, ResponseFraction = 0.5m, RemissionBelow = 31 },
    };

    /// <summary>Every problem with these settings, for start-up validation; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (NotOnTrackAfterWeeks < 1)
        {
            errors.Add($"{SectionName}:NotOnTrackAfterWeeks must be at least 1 (is {NotOnTrackAfterWeeks}).");
        }

        foreach (var (id, thresholds) in Measures)
        {
            if (thresholds.ReliableChange < 1)
            {
                errors.Add($"{SectionName}:Measures:{id}:ReliableChange must be at least 1 (is {thresholds.ReliableChange}).");
            }

            if (thresholds.ResponseFraction is <= 0 or > 1)
            {
                errors.Add($"{SectionName}:Measures:{id}:ResponseFraction must be above 0 and at most 1 (is {thresholds.ResponseFraction}).");
            }

            if (thresholds.ClinicalCutOff < 0)
            {
                errors.Add($"{SectionName}:Measures:{id}:ClinicalCutOff cannot be below 0 (is {thresholds.ClinicalCutOff}).");
            }
        }

        return errors;
    }
}

public sealed class MeasureThresholds
{
    /// <summary>Change of at least this many points is reliable (improvement one way, deterioration the other).</summary>
    public int ReliableChange { get; set; }

    /// <summary>Improvement of at least this fraction of the baseline score is a response (0.5 = 50%).</summary>
    public decimal ResponseFraction { get; set; } = 0.5m;

    /// <summary>A score below this is remission, for a client who started at or above <see cref="ClinicalCutOff"/>.</summary>
    public int RemissionBelow { get; set; }

    /// <summary>
    /// The baseline needed before remission can be claimed (CLINICAL.md: PHQ-9 and GAD-7 10, PCL-5 the clinic's
    /// cut-off). Unset: the measure's own clinical cut-off from its instrument definition, which for PCL-5 follows
    /// Instruments:Parameters:PCL-5:cutOff. A measure with neither is refused at start-up.
    /// </summary>
    public int? ClinicalCutOff { get; set; }
}
