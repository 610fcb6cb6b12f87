using System.Globalization;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
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
    /// <summary>The client has not signed a version sent to them: the one reminder, in their chat.</summary>
    Reminder,
    /// <summary>The reminder could not reach the client: the clinician is told.</summary>
    ReminderUnreached,
    /// <summary>The client still has not signed when the request expires: the clinician is told.</summary>
    NotSigned,
    /// <summary>The supervisor has not co-signed a version the clinician signed: the one reminder, in their chat.</summary>
    CoSignReminder,
    /// <summary>The co-signature reminder could not reach the supervisor: the clinician is told.</summary>
    CoSignReminderUnreached,
}

/// <summary>
/// Signing messages (one kind, <c>plan-signing|{client}|{step}|{version}|{hash}</c>): the client's signing card, the
/// supervisor's co-signature card, and the clinician's word that someone signed. The id names the version and its
/// content, so a double press sends each once, and a new version is a new message. Each is composed from the
/// recipient's own view of the record (opened as them, audited), and nothing is sent for a version that is no longer
/// current.
/// </summary>
public sealed class SigningNotification(ClientFiles files, StaffDirectory staff, CardRenderer cards, IOptions<ClinicOptions> clinic, IOptions<PlanSigningOptions> signing, IServiceProvider services) : INotificationKind
{
    public const string KindName = "plan-signing";

    public string Kind => KindName;

    public string Noun => "plan to sign";

    public string NotReachedLead => "not sent";

    public string ReachedPhrase => "got it";

    public static Notification For(string tenantId, string clientId, SigningStep step, TreatmentPlan plan, string? senderUserId) =>
        For(tenantId, clientId, step, plan.Version, plan.ContentHash, senderUserId);

    public static Notification For(string tenantId, string clientId, SigningStep step, int version, string contentHash, string? senderUserId)
    {
        var subject = $"{step}|{version.ToString(CultureInfo.InvariantCulture)}|{contentHash}";
        return new Notification(IdFor(clientId, step, version, contentHash), KindName, tenantId)
        {
            ClientId = clientId,
            Audience = step switch
            {
                SigningStep.Request or SigningStep.Reminder => Audience.Client,
                SigningStep.CoSign or SigningStep.CoSignReminder => Audience.Supervisor,
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
        if (step is SigningStep.Request or SigningStep.Reminder)
        {
            var own = await files.OpenOwnAsync(caller, clientId, "plan signature request", cancellationToken).ConfigureAwait(false);
            if (own.File is null || await own.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { } facing
                || facing.Version != version || facing.ContentHash != hash || facing.SignedByClient)
            {
                return null;
            }

            return SigningCardMessage(clientId, own.File.Enrolment.DisplayName, facing, clinicianName, step == SigningStep.Reminder
                ? $"A reminder: {clinicianName} sent you version {version} of your plan to read and sign, and it still waits for your signature."
                : $"{clinicianName} sent you version {version} of your plan to read and sign.");
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
                return CoSignCard(clientId, version, hash, client, "Co-signature needed", $"Co-signature needed: {client}'s plan",
                    $"{clinician} signed version {version} of {client}'s plan, and the clinic asks for your co-signature. Open the plan to read it, then co-sign.");
            case SigningStep.CoSignReminder when CoSignatureReminderHandler.WaitsForSupervisor(plan, version, hash):
                var signedOn = SigningActions.Display(PlanSigning.SignatureOf(plan, SignerRole.Clinician)!.SignedAt);
                return CoSignCard(clientId, version, hash, client, "Reminder: co-signature needed", $"Reminder: {client}'s plan waits for your co-signature",
                    $"{client}'s plan, version {version}, signed by {clinician} on {signedOn}, is still waiting for your co-signature. Open the plan to read it, then co-sign.");
            case SigningStep.ClientSigned or SigningStep.SupervisorSigned:
                var who = step == SigningStep.ClientSigned ? client : "Your supervisor";
                var current = PlanSigning.IsCurrent(plan, version, hash);
                var still = PlanSigning.Missing(plan, signing.Value.SupervisorCoSignRequired);
                var tail = !current ? " The plan has changed since, so the current version needs new signatures."
                    : still.Count == 0 ? $" Version {version} is now fully signed."
                    : still.Contains(SignerRole.Clinician) ? " Your signature is still needed: say **show plan** and press Sign as clinician."
                    : string.Empty;
                return ActivityExtensions.CreateMessage($"{who} signed version {version} of {client}'s plan.{tail}");
            case SigningStep.NotSigned when PlanSigning.IsCurrent(plan, version, hash) && !plan.IsSignedBy(SignerRole.Client):
                return ActivityExtensions.CreateMessage($"{client} hasn't signed version {version} of their plan, sent {Days(signing.Value.SignatureExpiresAfter)} ago. "
                    + "They had one reminder; nothing more will be sent to them about it. They can still sign it (they say **sign** in their chat), or you can talk it through at your next session.");
            case SigningStep.ReminderUnreached when PlanSigning.IsCurrent(plan, version, hash) && !plan.IsSignedBy(SignerRole.Client):
                return ActivityExtensions.CreateMessage($"I couldn't remind {client} to sign version {version} of their plan: {await WhyNotReachedAsync(clientId, SigningStep.Reminder, version, hash, cancellationToken).ConfigureAwait(false)}.");
            case SigningStep.CoSignReminderUnreached when CoSignatureReminderHandler.WaitsForSupervisor(plan, version, hash):
                return ActivityExtensions.CreateMessage($"I couldn't remind your supervisor to co-sign version {version} of {client}'s plan: "
                    + $"{await WhyNotReachedAsync(clientId, SigningStep.CoSignReminder, version, hash, cancellationToken).ConfigureAwait(false)}. It still waits for their co-signature.");
            default:
                return null;
        }
    }

    /// <summary>A reminder that reached nobody: the clinician hears the client (or their supervisor) can't be reached, once.</summary>
    public async Task SettledAsync(Notification notification, NotificationReport report, CancellationToken cancellationToken)
    {
        if (!report.IntendedReached && notification.ClientId is { } clientId
            && notification.SubjectId?.Split('|') is [var stepText, var versionText, var hash]
            && Enum.TryParse<SigningStep>(stepText, out var step)
            && step is SigningStep.Reminder or SigningStep.CoSignReminder
            && int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            var unreached = For(notification.TenantId, clientId, step == SigningStep.Reminder ? SigningStep.ReminderUnreached : SigningStep.CoSignReminderUnreached, version, hash, null);
            await services.GetRequiredService<Notifier>().NotifyAsync(unreached, cancellationToken).ConfigureAwait(false);
        }
    }

    // The notifier is resolved here, not injected: it depends on every kind.
    private async Task<string> WhyNotReachedAsync(string clientId, SigningStep step, int version, string hash, CancellationToken cancellationToken) =>
        NotificationWords.NotReachedBecause(await services.GetRequiredService<Notifier>().ReportAsync(IdFor(clientId, step, version, hash), cancellationToken).ConfigureAwait(false));

    private Activity CoSignCard(string clientId, int version, string hash, string client, string heading, string summary, string text) =>
        cards.Message("plan-cosign", new
        {
            clientId,
            version,
            contentHash = hash,
            heading,
            client = new { displayName = client },
            text,
        }, summary);

    private static string Days(TimeSpan span) => span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : $"{span.TotalHours:0.#} hours";

    /// <summary>The id of the message for <paramref name="step"/> of one version: what was sent can be looked up by it.</summary>
    public static string IdFor(string clientId, SigningStep step, int version, string contentHash) =>
        $"{KindName}|{clientId}|{step}|{version.ToString(CultureInfo.InvariantCulture)}|{contentHash}";

    /// <summary>The client's plan card with its signing section: sent with the request, and again when the client types <c>sign</c>.</summary>
    public Activity SigningCardMessage(string clientId, string displayName, ClientFacingPlan facing, string clinicianName, string notice) =>
        cards.Message(MyPlanCommand.Template, MyPlanCommand.View(displayName, facing, clinic.Value.CrisisLine, notice, SignCard(clientId, facing, clinicianName, string.Empty, null)),
            $"{clinicianName} sent you your plan to sign");

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
