using System.ComponentModel.DataAnnotations;

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

    /// <summary>When the one reminder goes to a client who has not signed a version sent to them (none if at or after expiry).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "60.00:00:00")]
    public TimeSpan SignatureRemindAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>When an unsigned request stops being followed up and the clinician is told the client hasn't signed.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan SignatureExpiresAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// When co-signature is required: after the clinician signed, how long until the one reminder goes to a supervisor
    /// who has not co-signed that version.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "60.00:00:00")]
    public TimeSpan CoSignatureRemindAfter { get; set; } = TimeSpan.FromDays(2);
}
