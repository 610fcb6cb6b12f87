using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.PlanCard;

/// <summary>The plan card's signatures: who signed the current version, whether it is fully signed, earlier versions, and what the viewer may do.</summary>
public sealed record PlanSigningView(
    int Version,
    string ContentHash,
    string Status,
    string StatusColor,
    bool FullySigned,
    IReadOnlyList<string> Current,
    IReadOnlyList<string> Earlier,
    bool CanRequest,
    bool CanSign,
    bool CanCoSign)
{
    public bool CanAct => CanRequest || CanSign || CanCoSign;
}

internal static class PlanSignatures
{
    /// <summary>Earlier versions listed on the card; older ones stay in the record.</summary>
    private const int EarlierShown = 3;

    public static PlanSigningView View(TreatmentPlan plan, ClientEnrolment enrolment, IReadOnlyDictionary<string, string> staffNames, ClientRelationship viewer, bool canEdit, bool coSign)
    {
        string Who(Signature s) => s.Role switch
        {
            SignerRole.Client => $"{CardText.Escape(enrolment.DisplayName)} (client)",
            SignerRole.Clinician => $"{CardText.Escape(staffNames.GetValueOrDefault(s.SignerId, "the clinician"))} (clinician)",
            _ => $"{CardText.Escape(staffNames.GetValueOrDefault(s.SignerId, "the supervisor"))} (supervisor)",
        };

        var missing = PlanSigning.Missing(plan, coSign);
        var full = PlanSigning.IsFullySigned(plan, coSign);
        var current = PlanSigning.Required(true)
            .Select(role => PlanSigning.SignatureOf(plan, role))
            .OfType<Signature>()
            .Select(s => $"{Who(s)} signed {ObjectiveMeasures.Display(DateOnly.FromDateTime(s.SignedAt.UtcDateTime))}"
                + (s.TypedName is { Length: > 0 } typed ? $" as “{CardText.Escape(typed)}”" : string.Empty))
            .ToList();
        var earlier = plan.PriorVersions.OrderByDescending(v => v.Number).Take(EarlierShown)
            .Select(v => v.Signatures.Count == 0
                ? $"Version {v.Number}: not signed"
                : $"Version {v.Number}: signed by {string.Join(", ", v.Signatures.Select(Who))}, {ObjectiveMeasures.Display(DateOnly.FromDateTime(v.Signatures.Max(s => s.SignedAt).UtcDateTime))}")
            .ToList();
        var status = plan.Problems.Count == 0 ? $"Version {plan.Version} has nothing to sign yet"
            : full ? $"Version {plan.Version} is fully signed"
            : $"Version {plan.Version} still needs: {string.Join(", ", missing.Select(r => Needed(r, viewer)))}";
        var open = plan.Status is not (PlanStatus.Completed or PlanStatus.Discharged) && plan.Problems.Count > 0;
        return new PlanSigningView(
            plan.Version,
            plan.ContentHash,
            status,
            full ? "good" : "attention",
            full,
            current,
            earlier,
            canEdit && open && !plan.IsSignedBy(SignerRole.Client),
            canEdit && open && !plan.IsSignedBy(SignerRole.Clinician),
            viewer == ClientRelationship.Supervisor && coSign && open && plan.IsSignedBy(SignerRole.Clinician) && !plan.IsSignedBy(SignerRole.Supervisor));
    }

    /// <summary>The status line under the heading: the plan's state in the domain's words.</summary>
    public static PlanSummary Summary(TreatmentPlan plan)
    {
        var signatures = plan.Signatures.Concat(plan.PriorVersions.SelectMany(v => v.Signatures)).ToList();
        var label = plan.Status switch
        {
            PlanStatus.Active => "Active",
            PlanStatus.UnderReview => "Under review",
            PlanStatus.Completed => "Completed",
            PlanStatus.Discharged => "Discharged",
            _ when Enum.GetValues<SignerRole>().Any(plan.IsSignedBy) => "Signed",
            _ when signatures.Count > 0 => "Changed since signing",
            _ => "Draft",
        };
        var lastSigned = signatures.Count == 0 ? null : ObjectiveMeasures.Display(DateOnly.FromDateTime(signatures.Max(s => s.SignedAt).UtcDateTime));
        return new PlanSummary(label, plan.Version, lastSigned);
    }

    private static string Needed(SignerRole role, ClientRelationship viewer) => role switch
    {
        SignerRole.Client => "the client's signature",
        SignerRole.Clinician => viewer == ClientRelationship.ClinicianOfRecord ? "your signature" : "the clinician's signature",
        _ => viewer == ClientRelationship.Supervisor ? "your co-signature" : "the supervisor's co-signature",
    };
}
