using System.Globalization;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>
/// The staff side of signing, from the plan card: "Send for signature" (the clinician of record sends the current
/// version to the client's chat), "Sign as clinician", and the supervisor's "Co-sign" (plan card or co-signature card).
/// A signature binds to the version and content hash the button carried: a card from before an edit signs nothing and
/// shows the current plan. Each answer is the plan card again with a line saying what happened.
/// </summary>
public sealed class SigningActions(ClientFiles files, PlanCardBuilder plans, Notifier notifier, SignatureFollowUps followUps, CoSignatureFollowUps coSignFollowUps, CaseloadRefresher caseload, IOptions<PlanSigningOptions> options) : ICardActionHandler
{
    public const string Request = "plan.sign.request";
    public const string SignAsClinician = "plan.sign.clinician";
    public const string CoSign = "plan.sign.supervisor";

    public const string Outdated = "This card showed an earlier version of the plan, so nothing was signed or sent. Here is the current version: check it, then press the button again.";

    public IReadOnlyCollection<string> Verbs { get; } = [Request, SignAsClinician, CoSign];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var version = int.TryParse(context.GetString("version"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
        var hash = context.GetString("contentHash") ?? string.Empty;
        try
        {
            var caller = context.User.Caller;
            var notice = context.Verb == Request
                ? await RequestAsync(caller, clientId, version, hash, cancellationToken).ConfigureAwait(false)
                : await SignAsync(caller, clientId, context.Verb == CoSign ? SignerRole.Supervisor : SignerRole.Clinician, version, hash, context.Turn.Clock().UtcNow, cancellationToken).ConfigureAwait(false);
            return notice is null
                ? CardActionResult.Say(AccessDecision.RefusalMessage)
                : await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, notice, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind is StorageErrorKind.Unavailable or StorageErrorKind.Conflict)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }

    /// <summary>Sends version <paramref name="version"/> (if still current) to the client's chat; null when the caller may not.</summary>
    public async Task<string?> RequestAsync(Caller caller, string clientId, int version, string hash, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, ClientAction.Write, "plan signature request", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return null;
        }

        var name = opened.File.Enrolment.DisplayName;
        if (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { Value: var plan })
        {
            return PlanCardBuilder.NoPlanYet(name);
        }

        if (!PlanSigning.IsCurrent(plan, version, hash))
        {
            return Outdated;
        }

        if (plan.Problems.Count == 0)
        {
            return "There is nothing to sign yet: add a problem and its goals first. Nothing was sent.";
        }

        if (PlanSigning.SignatureOf(plan, SignerRole.Client) is { } signed)
        {
            return $"{name} already signed version {plan.Version} on {Display(signed.SignedAt)}. Nothing was sent.";
        }

        if (opened.File.Enrolment.ClientUserId is null)
        {
            return $"{name} hasn't connected their Teams account yet, so I can't send them the plan to sign. Say **invite {name}** first. Nothing was sent.";
        }

        // A stale card still showing "Send for signature": say it went already rather than "sent" again.
        if (await SignatureRequests.FindAsync(notifier, caller.TenantId, clientId, plan, cancellationToken).ConfigureAwait(false) is { Failed: false } earlier)
        {
            var on = earlier.SentAt is { } at ? $" on {Display(at)}" : string.Empty;
            return $"Version {plan.Version} was already sent to {name}{on}, so nothing was sent again. It is waiting for their signature.";
        }

        var notification = SigningNotification.For(caller.TenantId, clientId, SigningStep.Request, plan, caller.UserId);
        var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        if (report.IntendedReached || report.Pending)
        {
            await followUps.ScheduleAsync(caller.TenantId, clientId, plan, cancellationToken).ConfigureAwait(false);
        }

        return report.IntendedReached
            ? $"Version {plan.Version} sent to {name} to read and sign: {notifier.Summary(notification, report)}."
            : $"Version {plan.Version} was not sent to {name} to sign: {notifier.Summary(notification, report)}";
    }

    /// <summary>Signs version <paramref name="version"/> (if still current) in <paramref name="role"/>; null when the caller may not.</summary>
    public async Task<string?> SignAsync(Caller caller, string clientId, SignerRole role, int version, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var opened = await files.OpenToSignAsync(caller, clientId, role, "plan signature", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return null;
        }

        var result = await opened.File.SignAsync(version, hash, null, now, cancellationToken).ConfigureAwait(false);
        var you = role == SignerRole.Supervisor ? "co-signed" : "signed";
        switch (result.Outcome)
        {
            case SigningOutcome.NoPlan:
                return PlanCardBuilder.NoPlanYet(opened.File.Enrolment.DisplayName);
            case SigningOutcome.Outdated:
                return Outdated;
            case SigningOutcome.Refused:
                return $"{result.Reason} Nothing was signed.";
            case SigningOutcome.AlreadySigned:
                return $"You already {you} version {result.Plan!.Version} on {Display(result.Signature!.SignedAt)}; nothing was signed twice.";
        }

        var plan = result.Plan!;
        await caseload.RefreshAsync(clientId, cancellationToken).ConfigureAwait(false);
        var said = $"You {you} version {plan.Version}.";
        var next = role == SignerRole.Clinician && options.Value.SupervisorCoSignRequired ? SigningStep.CoSign
            : role == SignerRole.Supervisor ? SigningStep.SupervisorSigned
            : (SigningStep?)null;
        if (next is { } step)
        {
            var notification = SigningNotification.For(caller.TenantId, clientId, step, plan, caller.UserId);
            var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            if (step == SigningStep.CoSign && (report.IntendedReached || report.Pending))
            {
                // One reminder to the supervisor, by the request's id: a double press or a second instance schedules nothing more.
                await coSignFollowUps.ScheduleAsync(caller.TenantId, clientId, plan, caller.UserId, cancellationToken).ConfigureAwait(false);
            }

            said += step == SigningStep.CoSign
                ? $" The clinic asks for your supervisor's co-signature: {notifier.Summary(notification, report)}."
                : $" The clinician was told ({notifier.Summary(notification, report)}).";
        }

        return PlanSigning.IsFullySigned(plan, options.Value.SupervisorCoSignRequired) ? $"{said} Version {plan.Version} is now fully signed." : said;
    }

    public static string Display(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
