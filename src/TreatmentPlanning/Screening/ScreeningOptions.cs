namespace TreatmentPlanning.Screening;

/// <summary>Bound from the "Screening" section.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "Screening";

    /// <summary>The suicide-risk screen recommended for every client; must be a loaded instrument marked as one.</summary>
    public string SuicideRiskScreen { get; set; } = "ASQ";
}
