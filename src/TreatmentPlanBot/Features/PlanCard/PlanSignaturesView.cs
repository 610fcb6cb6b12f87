using System.Text.Json.Serialization;
using BotCore.Time;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.Signing;
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sent,
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

    public static PlanSigningView View(TreatmentPlan plan, ClientEnrolment enrolment, IReadOnlyDictionary<string, string> staffNames, ClientRelationship viewer, bool canEdit, bool coSign, SignatureRequestState? request, LocalClock clock)
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
        // Once sent (and not yet signed by the client) the card says so instead of offering to send again: the
        // request's id names the version and hash, so pressing again could not reach them a second time anyway.
        var clientName = CardText.Escape(enrolment.DisplayName);
        var sent = request is null || plan.IsSignedBy(SignerRole.Client) ? null
            : request.Failed ? $"Version {plan.Version} could not be sent to {clientName}{On(request, clock)}: {CardText.Escape(request.Why.TrimEnd('.'))}."
            : $"Sent to {clientName}{On(request, clock)} — waiting for their signature.";
        var open = plan.Status is not (PlanStatus.Completed or PlanStatus.Discharged) && plan.Problems.Count > 0;
        return new PlanSigningView(
            plan.Version,
            plan.ContentHash,
            status,
            full ? "good" : "attention",
            full,
            sent,
            current,
            earlier,
            canEdit && open && !plan.IsSignedBy(SignerRole.Client) && request is null,
            canEdit && open && !plan.IsSignedBy(SignerRole.Clinician),
            viewer == ClientRelationship.Supervisor && coSign && open && plan.IsSignedBy(SignerRole.Clinician) && !plan.IsSignedBy(SignerRole.Supervisor));
    }

    /// <summary>
    /// The line under the heading: the version and, in the domain's terms (<see cref="PlanSigning.StateOf"/>), whether
    /// this version is fully signed, by whom so far, and who it waits for, in the viewer's words ("you").
    /// </summary>
    public static PlanSummary Summary(TreatmentPlan plan, ClientEnrolment enrolment, IReadOnlyDictionary<string, string> staffNames, ClientRelationship viewer, bool coSign)
    {
        var state = PlanSigning.StateOf(plan, coSign);
        string Person(SignerRole role)
        {
            var signer = PlanSigning.SignatureOf(plan, role)?.SignerId ?? (role == SignerRole.Clinician ? enrolment.ClinicianId : null);
            return role switch
            {
                SignerRole.Client => CardText.Escape(enrolment.DisplayName),
                SignerRole.Clinician when viewer == ClientRelationship.ClinicianOfRecord => "you",
                SignerRole.Supervisor when viewer == ClientRelationship.Supervisor => "you",
                SignerRole.Supervisor when viewer == ClientRelationship.ClinicianOfRecord && !plan.IsSignedBy(role) => "your supervisor",
                _ when signer is not null && staffNames.TryGetValue(signer, out var name) => CardText.Escape(name),
                SignerRole.Clinician => "the clinician",
                _ => "the supervisor",
            };
        }

        // A closed plan waits for nobody: its status leads and the signatures are only a record.
        var closed = plan.Status is PlanStatus.Completed or PlanStatus.Discharged;
        var signing = state.Stage switch
        {
            SigningStage.PartlySigned when closed => $"signed by {And(state.Signed.Select(Person))}",
            SigningStage.NothingToSign when closed => "not signed",
            SigningStage.NothingToSign => "nothing to sign yet",
            SigningStage.FullySigned => $"fully signed ({string.Join(", ", state.Signed.Select(r => r.ToString().ToLowerInvariant()))})",
            SigningStage.PartlySigned => $"signed by {And(state.Signed.Select(Person))}, waiting for {And(state.Missing.Select(Person))}",
            SigningStage.ChangedSinceSigned => $"not signed (changed since version {state.LastSignedVersion} was signed)",
            _ => "not signed yet",
        };
        if (closed)
        {
            return new PlanSummary(plan.Version, $"{plan.Status} · version {plan.Version} · {signing}");
        }

        var review = plan.Status == PlanStatus.UnderReview ? " · under review" : string.Empty;
        return new PlanSummary(plan.Version, $"Version {plan.Version} · {signing}{review}");
    }

    private static string And(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static string On(SignatureRequestState request, LocalClock clock) =>
        request.SentAt is { } at ? $" on {ObjectiveMeasures.Display(clock.DateOf(at))}" : string.Empty;

    private static string Needed(SignerRole role, ClientRelationship viewer) => role switch
    {
        SignerRole.Client => "the client's signature",
        SignerRole.Clinician => viewer == ClientRelationship.ClinicianOfRecord ? "your signature" : "the clinician's signature",
        _ => viewer == ClientRelationship.Supervisor ? "your co-signature" : "the supervisor's co-signature",
    };
}
