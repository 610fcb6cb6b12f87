using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// Check-ins follow what happens to the client's file: a booked next session times "the day before each session"
/// check-ins; a closed plan stops them (the client is no longer asked). A reassigned client's check-ins need nothing:
/// each scheduled step opens the file as whoever is the clinician of record when it runs, so the new clinician is told.
/// </summary>
internal sealed class CheckInsFollowTheFile(ClientFiles files, CheckInSchedules schedules) : ISessionFollowUp, IClientLifecycleListener
{
    public async Task SessionRecordedAsync(SessionRecorded session, CancellationToken cancellationToken)
    {
        if (session.NextSessionOn is not { } next)
        {
            return;
        }

        var opened = await files.OpenForScheduledWorkAsync(session.TenantId, session.ClientId, "check-ins before the next session", cancellationToken).ConfigureAwait(false);
        if (opened.Allowed)
        {
            await schedules.SessionPlannedAsync(opened.File, next, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task ClientReassignedAsync(ClientReassigned change, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ClientClosedAsync(ClientClosed change, CancellationToken cancellationToken)
    {
        var opened = await files.OpenForScheduledWorkAsync(change.TenantId, change.ClientId, "check-ins stopped: plan closed", cancellationToken).ConfigureAwait(false);
        if (opened.Allowed)
        {
            await schedules.StopForClientAsync(opened.File, "the plan was closed", cancellationToken).ConfigureAwait(false);
        }
    }
}
