namespace TreatmentPlanBot.Features.Signing;

/// <summary>How plans are signed at this clinic. Bound from the "Plans" section.</summary>
public sealed class PlanSigningOptions
{
    public const string SectionName = "Plans";

    /// <summary>
    /// A plan version is fully signed only once the clinician's supervisor has co-signed it too (after the clinician).
    /// Off: the client and the clinician sign.
    /// </summary>
    public bool SupervisorCoSignRequired { get; set; }
}
