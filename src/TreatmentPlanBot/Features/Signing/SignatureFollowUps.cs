using BotCore.Scheduling;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>The scheduler's payload for a version sent to the client to sign: ids only.</summary>
public sealed record SignatureDue(string TenantId, string ClientId, int Version, string ContentHash);

/// <summary>
/// A version sent to the client to sign gets one reminder to the client (<see cref="PlanSigningOptions.SignatureRemindAfter"/>)
/// and, at <see cref="PlanSigningOptions.SignatureExpiresAfter"/>, a word to the clinician that it is still unsigned. Item ids
/// come from the version and its content hash (<c>plan-signature-reminder|{client}|{version}|{hash}</c>), so sending it
/// again, or two instances scheduling, leaves one of each; a version signed or replaced meanwhile sends nothing.
/// </summary>
public sealed class SignatureFollowUps(WorkScheduler scheduler, IOptions<PlanSigningOptions> options, TimeProvider time)
{
    public const string ReminderKind = "plan-signature-reminder";
    public const string ExpiryKind = "plan-signature-expiry";

    public async Task ScheduleAsync(string tenantId, string clientId, TreatmentPlan plan, CancellationToken cancellationToken)
    {
        var due = new SignatureDue(tenantId, clientId, plan.Version, plan.ContentHash);
        var sentAt = time.GetUtcNow();
        if (options.Value.SignatureRemindAfter < options.Value.SignatureExpiresAfter)
        {
            await scheduler.ScheduleAsync(WorkId(ReminderKind, due), ReminderKind, sentAt + options.Value.SignatureRemindAfter, due, tenantId, cancellationToken).ConfigureAwait(false);
        }

        await scheduler.ScheduleAsync(WorkId(ExpiryKind, due), ExpiryKind, sentAt + options.Value.SignatureExpiresAfter, due, tenantId, cancellationToken).ConfigureAwait(false);
    }

    public static string WorkId(string kind, SignatureDue due) => $"{kind}|{due.ClientId}|{due.Version}|{due.ContentHash}";
}

/// <summary>The reminder (to the client) or the expiry word (to the clinician), while the version sent is current and unsigned by the client.</summary>
internal abstract class SignatureFollowUpHandler(ClientFiles files, Notifier notifier, SigningStep step) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<SignatureDue>();
        var opened = await files.OpenForScheduledWorkAsync(due.TenantId, due.ClientId, "plan signature follow-up", cancellationToken).ConfigureAwait(false);
        var plan = opened.Allowed ? (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value : null;
        if (plan is not null && PlanSigning.IsCurrent(plan, due.Version, due.ContentHash) && !plan.IsSignedBy(SignerRole.Client))
        {
            // Once by the notification's id; a client who cannot be reached fails quietly and the kind tells the clinician.
            await notifier.NotifyAsync(SigningNotification.For(due.TenantId, due.ClientId, step, due.Version, due.ContentHash, null), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}

internal sealed class SignatureReminderHandler(ClientFiles files, Notifier notifier) : SignatureFollowUpHandler(files, notifier, SigningStep.Reminder);

internal sealed class SignatureExpiryHandler(ClientFiles files, Notifier notifier) : SignatureFollowUpHandler(files, notifier, SigningStep.NotSigned);
