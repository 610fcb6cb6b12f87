using System.Globalization;
using BotCore.Schema;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.MyPlan;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>The steps of signing a plan version that reach someone else's chat.</summary>
public enum SigningStep
{
    /// <summary>The clinician sent the version to the client to read and sign.</summary>
    Request,
    /// <summary>The clinician signed and the clinic asks the supervisor to co-sign.</summary>
    CoSign,
    /// <summary>The client signed: the clinician is told.</summary>
    ClientSigned,
    /// <summary>The supervisor co-signed: the clinician is told.</summary>
    SupervisorSigned,
}

/// <summary>
/// Signing messages (one kind, <c>plan-signing|{client}|{step}|{version}|{hash}</c>): the client's signing card, the
/// supervisor's co-signature card, and the clinician's word that someone signed. The id names the version and its
/// content, so a double press sends each once, and a new version is a new message. Each is composed from the
/// recipient's own view of the record (opened as them, audited), and nothing is sent for a version that is no longer
/// current.
/// </summary>
public sealed class SigningNotification(ClientFiles files, StaffDirectory staff, CardRenderer cards, IOptions<ClinicOptions> clinic, IOptions<PlanSigningOptions> signing) : INotificationKind
{
    public const string KindName = "plan-signing";

    public string Kind => KindName;

    public string Noun => "plan to sign";

    public string NotReachedLead => "not sent";

    public string ReachedPhrase => "got it";

    public static Notification For(string tenantId, string clientId, SigningStep step, TreatmentPlan plan, string senderUserId)
    {
        var subject = $"{step}|{plan.Version.ToString(CultureInfo.InvariantCulture)}|{plan.ContentHash}";
        return new Notification($"{KindName}|{clientId}|{subject}", KindName, tenantId)
        {
            ClientId = clientId,
            Audience = step switch
            {
                SigningStep.Request => Audience.Client,
                SigningStep.CoSign => Audience.Supervisor,
                _ => Audience.ClinicianOfRecord,
            },
            SenderUserId = senderUserId,
            SubjectId = subject,
            AdminsAsFallback = false,
        };
    }

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.ClientId is not { } clientId
            || notification.SubjectId?.Split('|') is not [var stepText, var versionText, var hash]
            || !Enum.TryParse<SigningStep>(stepText, out var step)
            || !int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version)
            || !recipient.MayReadRecord)
        {
            return null;
        }

        var caller = new Caller(notification.TenantId, recipient.UserId, recipient.DisplayName, InPersonalChat: true);
        var clinicianName = (await staff.FindAsync(notification.TenantId, recipient.Client!.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
        if (step == SigningStep.Request)
        {
            var own = await files.OpenOwnAsync(caller, clientId, "plan signature request", cancellationToken).ConfigureAwait(false);
            if (own.File is null || await own.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { } facing
                || facing.Version != version || facing.ContentHash != hash || facing.SignedByClient)
            {
                return null;
            }

            return cards.Message(MyPlanCommand.Template, MyPlanCommand.View(own.File.Enrolment.DisplayName, facing, clinic.Value.CrisisLine,
                $"{clinicianName} sent you version {version} of your plan to read and sign.", SignCard(clientId, facing, clinicianName, string.Empty, null)),
                $"{clinicianName} sent you your plan to sign");
        }

        var view = await files.OpenClinicalViewAsync(caller, clientId, "plan signature", cancellationToken).ConfigureAwait(false);
        if (view.File is null || await view.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { Value: var plan })
        {
            return null;
        }

        var client = CardText.Escape(view.File.Enrolment.DisplayName);
        var clinician = CardText.Escape(clinicianName);
        switch (step)
        {
            case SigningStep.CoSign when PlanSigning.IsCurrent(plan, version, hash) && !plan.IsSignedBy(SignerRole.Supervisor):
                return cards.Message("plan-cosign", new
                {
                    clientId,
                    version,
                    contentHash = hash,
                    client = new { displayName = client },
                    text = $"{clinician} signed version {version} of {client}'s plan, and the clinic asks for your co-signature. Open the plan to read it, then co-sign.",
                }, $"Co-signature needed: {client}'s plan");
            case SigningStep.ClientSigned or SigningStep.SupervisorSigned:
                var who = step == SigningStep.ClientSigned ? client : "Your supervisor";
                var current = PlanSigning.IsCurrent(plan, version, hash);
                var still = PlanSigning.Missing(plan, signing.Value.SupervisorCoSignRequired);
                var tail = !current ? " The plan has changed since, so the current version needs new signatures."
                    : still.Count == 0 ? $" Version {version} is now fully signed."
                    : still.Contains(SignerRole.Clinician) ? " Your signature is still needed: say **show plan** and press Sign as clinician."
                    : string.Empty;
                return ActivityExtensions.CreateMessage($"{who} signed version {version} of {client}'s plan.{tail}");
            default:
                return null;
        }
    }

    /// <summary>The signing section of the client's plan card (<c>my-plan</c>).</summary>
    public static object SignCard(string clientId, ClientFacingPlan plan, string clinicianName, string typedName, string? error) => new
    {
        clientId,
        version = plan.Version,
        contentHash = plan.ContentHash,
        typedName,
        error,
        explain = $"Read your plan above. If it is what you and {CardText.Escape(clinicianName)} agreed, type your full name, tick “I agree” and sign. "
            + $"Your signature goes in your record with {CardText.Escape(clinicianName)}, with the date and this version.",
    };
}
