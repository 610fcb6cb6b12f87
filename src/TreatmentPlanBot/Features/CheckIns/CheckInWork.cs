using BotCore.Scheduling;
using BotCore.Storage;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.CheckIns;

/// <summary>
/// A check-in falls due: its row is stored (status Due, expiry from the due time), the prompt goes through the notifier
/// to the client's personal chat, and its one reminder and expiry are scheduled. Only the check-in the schedule names as
/// next is sent, so a schedule changed since sends nothing stale. A client who blocked the bot: Undelivered, the
/// clinician sees it on the caseload, and the next one is scheduled.
/// </summary>
internal sealed class CheckInSendHandler(ClientFiles files, CheckInSchedules schedules, Notifier notifier, CaseloadRefresher caseload, TimeProvider time) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<CheckInDue>();
        var opened = await files.OpenForScheduledWorkAsync(due.TenantId, due.ClientId, "check-in", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return WorkOutcome.Done;
        }

        var file = opened.File;
        var schedule = (await file.GetCheckInScheduleAsync(cancellationToken).ConfigureAwait(false))?.Value;
        if (schedule is not { Active: true } || schedule.NextCheckInId != due.CheckInId)
        {
            return WorkOutcome.Done;
        }

        var stored = await file.FindCheckInAsync(due.CheckInId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            var fresh = schedules.NewCheckIn(schedule, due.CheckInId, item.DueAt);
            try
            {
                await file.SaveCheckInAsync(fresh, null, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
            {
            }

            stored = await file.FindCheckInAsync(due.CheckInId, cancellationToken).ConfigureAwait(false);
        }

        if (stored is not { Value.Status: CheckInStatus.Due })
        {
            return WorkOutcome.Done;
        }

        await schedules.ScheduleFollowUpsAsync(due.TenantId, stored.Value, cancellationToken).ConfigureAwait(false);
        var notification = CheckInPromptNotification.For(due, CheckInPromptNotification.IdFor(due.ClientId, due.CheckInId));
        var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        var undelivered = !report.Pending && !report.IntendedReached;
        var updated = stored.Value with
        {
            Status = undelivered ? CheckInStatus.Undelivered : CheckInStatus.Sent,
            SentAt = time.GetUtcNow(),
            ClosedAt = undelivered ? time.GetUtcNow() : null,
            DeliveryProblem = undelivered ? notifier.Summary(notification, report) : null,
        };
        try
        {
            await file.SaveCheckInAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
        {
            // Answered already (the prompt arrived and was pressed before this line): the answer stands.
            return WorkOutcome.Done;
        }

        if (undelivered)
        {
            await schedules.CancelFollowUpsAsync(due.ClientId, due.CheckInId, cancellationToken).ConfigureAwait(false);
            await schedules.ScheduleAfterAsync(file, updated, cancellationToken).ConfigureAwait(false);
            await caseload.RefreshAsync(due.ClientId, cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}

/// <summary>The one reminder to a client who has not answered yet.</summary>
internal sealed class CheckInReminderHandler(ClientFiles files, Notifier notifier, TimeProvider time) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<CheckInDue>();
        var opened = await files.OpenForScheduledWorkAsync(due.TenantId, due.ClientId, "check-in reminder", cancellationToken).ConfigureAwait(false);
        var stored = opened.Allowed ? await opened.File.FindCheckInAsync(due.CheckInId, cancellationToken).ConfigureAwait(false) : null;
        if (stored is not { Value.Status: CheckInStatus.Sent, Value.RemindedAt: null })
        {
            return WorkOutcome.Done;
        }

        // Once by the notification's id, whatever happens to the row update below.
        await notifier.NotifyAsync(CheckInPromptNotification.For(due, CheckInPromptNotification.ReminderIdFor(due.ClientId, due.CheckInId)), cancellationToken).ConfigureAwait(false);
        try
        {
            await opened.File!.SaveCheckInAsync(stored.Value with { RemindedAt = time.GetUtcNow() }, stored.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
        {
        }

        return WorkOutcome.Done;
    }
}

/// <summary>A check-in nobody answered expires (a missed one on the caseload), and the next one is scheduled.</summary>
internal sealed class CheckInExpiryHandler(ClientFiles files, CheckInSchedules schedules, CaseloadRefresher caseload, TimeProvider time) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<CheckInDue>();
        var opened = await files.OpenForScheduledWorkAsync(due.TenantId, due.ClientId, "check-in expiry", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return WorkOutcome.Done;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await opened.File.FindCheckInAsync(due.CheckInId, cancellationToken).ConfigureAwait(false);
            if (stored is not { Value.IsOpen: true })
            {
                break;
            }

            var expired = stored.Value with { Status = CheckInStatus.Expired, ClosedAt = time.GetUtcNow() };
            try
            {
                await opened.File.SaveCheckInAsync(expired, stored.ETag, cancellationToken).ConfigureAwait(false);
                await schedules.ScheduleAfterAsync(opened.File, expired, cancellationToken).ConfigureAwait(false);
                await caseload.RefreshAsync(due.ClientId, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.Conflict)
            {
            }
        }

        return WorkOutcome.Done;
    }
}
