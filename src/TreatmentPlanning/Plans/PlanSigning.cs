namespace TreatmentPlanning.Plans;

/// <summary>
/// Whose signatures a plan version needs and whether it has them. The client and the clinician always sign; the
/// supervisor co-signs where the clinic requires it. A signature counts only for the version and content it was given
/// for (<see cref="TreatmentPlan.IsSignedBy"/>), so an edit that starts a new version leaves it unsigned.
/// </summary>
public static class PlanSigning
{
    public static IReadOnlyList<SignerRole> Required(bool supervisorCoSigns) =>
        supervisorCoSigns ? [SignerRole.Client, SignerRole.Clinician, SignerRole.Supervisor] : [SignerRole.Client, SignerRole.Clinician];

    /// <summary>The roles still to sign the current version, in the order they are asked.</summary>
    public static IReadOnlyList<SignerRole> Missing(TreatmentPlan plan, bool supervisorCoSigns)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. Required(supervisorCoSigns).Where(role => !plan.IsSignedBy(role))];
    }

    public static bool IsFullySigned(TreatmentPlan plan, bool supervisorCoSigns) =>
        plan.Problems.Count > 0 && Missing(plan, supervisorCoSigns).Count == 0;

    /// <summary>The valid signature of <paramref name="role"/> on the current version, if any.</summary>
    public static Signature? SignatureOf(TreatmentPlan plan, SignerRole role)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.IsSignedBy(role)
            ? plan.Signatures.Last(s => s.Role == role && s.PlanVersion == plan.Version && s.ContentHash == plan.ContentHash)
            : null;
    }

    /// <summary>Whether a card naming <paramref name="version"/> and <paramref name="contentHash"/> still shows the current version.</summary>
    public static bool IsCurrent(TreatmentPlan plan, int version, string? contentHash)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Version == version && string.Equals(plan.ContentHash, contentHash, StringComparison.Ordinal);
    }
}
