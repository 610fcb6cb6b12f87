using BotCore.Scheduling;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Signing;

/// <summary>The scheduler's payload for a version the clinician signed that waits for the supervisor: ids only.</summary>
public sealed record CoSignatureDue(string TenantId, string ClientId, int Version, string ContentHash, string ClinicianId);

/// <summary>
/// A co-signature request (the clinician signed, the clinic requires the supervisor) gets one reminder to the supervisor
/// after <see cref="PlanSigningOptions.CoSignatureRemindAfter"/>. The item id comes from the request
/// (<c>plan-cosign-reminder|{client}|{version}|{hash}</c>), so a double press, or two instances scheduling, leaves one; a
/// version co-signed or replaced meanwhile sends nothing (a new version's own request schedules its own reminder).
/// </summary>
public sealed class CoSignatureFollowUps(WorkScheduler scheduler, IOptions<PlanSigningOptions> options, TimeProvider time)
{
    public const string ReminderKind = "plan-cosign-reminder";

    /// <summary>Schedules the reminder for <paramref name="plan"/>'s current version; AlreadyExists when it was scheduled before.</summary>
    public Task<ScheduleResult> ScheduleAsync(string tenantId, string clientId, TreatmentPlan plan, string clinicianId, CancellationToken cancellationToken)
    {
        var due = new CoSignatureDue(tenantId, clientId, plan.Version, plan.ContentHash, clinicianId);
        return scheduler.ScheduleAsync(WorkId(due), ReminderKind, time.GetUtcNow() + options.Value.CoSignatureRemindAfter, due, tenantId, cancellationToken);
    }

    public static string WorkId(CoSignatureDue due) => $"{ReminderKind}|{due.ClientId}|{due.Version}|{due.ContentHash}";
}

/// <summary>
/// The reminder, while co-signature is still required and the version is current, signed by the clinician and not
/// co-signed. The plan is read as the clinician's supervisor (checked and audited); a clinician with no supervisor now, or
/// a supervisor who may no longer read the record, gets nothing from here.
/// </summary>
internal sealed class CoSignatureReminderHandler(ClientFiles files, StaffDirectory staff, Notifier notifier, IOptions<PlanSigningOptions> options) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<CoSignatureDue>();
        if (!options.Value.SupervisorCoSignRequired
            || (await staff.FindAsync(due.TenantId, due.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.SupervisorId is not { Length: > 0 } supervisorId)
        {
            return WorkOutcome.Done;
        }

        var supervisor = new Caller(due.TenantId, supervisorId, null, InPersonalChat: true);
        var opened = await files.OpenClinicalViewAsync(supervisor, due.ClientId, "co-signature reminder (scheduled)", cancellationToken).ConfigureAwait(false);
        var plan = opened.File is null ? null : (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value;
        if (plan is not null && WaitsForSupervisor(plan, due.Version, due.ContentHash))
        {
            // Once by the notification's id; a supervisor who cannot be reached fails quietly and the kind tells the clinician.
            await notifier.NotifyAsync(SigningNotification.For(due.TenantId, due.ClientId, SigningStep.CoSignReminder, due.Version, due.ContentHash, null), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }

    /// <summary>The version is current and open, the clinician signed it, and the supervisor has not.</summary>
    public static bool WaitsForSupervisor(TreatmentPlan plan, int version, string contentHash) =>
        PlanSigning.IsCurrent(plan, version, contentHash) && plan.IsSignedBy(SignerRole.Clinician) && !plan.IsSignedBy(SignerRole.Supervisor)
        && plan.Status is not (PlanStatus.Completed or PlanStatus.Discharged);
}
