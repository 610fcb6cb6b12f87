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

    /// <summary>
    /// Where the current version stands: who signed this version's content, who still has to, and, when nobody has
    /// signed it yet, the latest earlier version someone did sign (the plan changed since).
    /// </summary>
    public static PlanSigningState StateOf(TreatmentPlan plan, bool supervisorCoSigns)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var required = Required(supervisorCoSigns);
        var signed = required.Where(plan.IsSignedBy).ToList();
        var missing = Missing(plan, supervisorCoSigns);
        var earlier = signed.Count > 0 ? null
            : plan.PriorVersions.Where(v => v.Signatures.Count > 0).Select(v => (int?)v.Number).Max();
        var stage = plan.Problems.Count == 0 ? SigningStage.NothingToSign
            : missing.Count == 0 ? SigningStage.FullySigned
            : signed.Count > 0 ? SigningStage.PartlySigned
            : earlier is null ? SigningStage.NotSigned
            : SigningStage.ChangedSinceSigned;
        return new PlanSigningState(plan.Version, stage, signed, missing, earlier);
    }

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

/// <summary>How far the current version of a plan is signed.</summary>
public enum SigningStage
{
    /// <summary>No problem on the plan yet: nothing to sign.</summary>
    NothingToSign,
    /// <summary>Nobody has signed any version.</summary>
    NotSigned,
    /// <summary>Nobody has signed this version, but an earlier one was signed: the content changed since.</summary>
    ChangedSinceSigned,
    /// <summary>Some, not all, required signers signed this version's content.</summary>
    PartlySigned,
    /// <summary>Every required signer signed this version's content.</summary>
    FullySigned,
}

/// <param name="Signed">Required roles whose signature is bound to this version and its content hash, in signing order.</param>
/// <param name="Missing">Required roles still to sign, in the order they are asked.</param>
/// <param name="LastSignedVersion">When nobody has signed this version: the latest earlier version with a signature.</param>
public sealed record PlanSigningState(int Version, SigningStage Stage, IReadOnlyList<SignerRole> Signed, IReadOnlyList<SignerRole> Missing, int? LastSignedVersion)
{
    public bool FullySigned => Stage == SigningStage.FullySigned;
}
