using BotCore.Scheduling;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Notifications;

namespace TreatmentPlanBot.Features.Invitations;

/// <summary>The scheduler's payload for an invitation's reminder and expiry: ids only.</summary>
public sealed record InvitationDue(string TenantId, string InvitationId);

/// <summary>
/// Sending an invitation, with its reminder and expiry as scheduled work whose ids come from the invitation's
/// (<c>invitation-reminder|{id}</c>, <c>invitation-expiry|{id}</c>), so scheduling again changes nothing.
/// </summary>
public sealed class InvitationSender(Invitations invitations, Notifier notifier, WorkScheduler scheduler, IOptions<InvitationOptions> options, TimeProvider time)
{
    public async Task<(Invitation Invitation, NotificationReport Report, string Summary)> SendAsync(Invitation draft, CancellationToken cancellationToken)
    {
        var invitation = (await invitations.AddAsync(draft, cancellationToken).ConfigureAwait(false)).Value;
        await scheduler.ScheduleAsync(ExpiryId(invitation.Id), InvitationExpiryHandler.Kind, invitation.ExpiresAt,
            new InvitationDue(invitation.TenantId, invitation.Id), invitation.TenantId, cancellationToken).ConfigureAwait(false);
        var remindAt = invitation.CreatedAt + options.Value.RemindAfter;
        if (remindAt < invitation.ExpiresAt)
        {
            await scheduler.ScheduleAsync(ReminderId(invitation.Id), InvitationReminderHandler.Kind, remindAt,
                new InvitationDue(invitation.TenantId, invitation.Id), invitation.TenantId, cancellationToken).ConfigureAwait(false);
        }

        var notification = Card(invitation, InvitationCardNotification.IdFor(invitation.Id));
        var report = await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        return (invitation, report, notifier.Summary(notification, report));
    }

    /// <summary>A new invitation, expiring after the configured time.</summary>
    public Invitation Draft(string id, string tenantId, string clientId, string inviteeUserId, string inviteeName, string invitedBy)
    {
        var now = time.GetUtcNow();
        return new Invitation(id, tenantId, clientId, inviteeUserId, inviteeName, invitedBy, InvitationStatus.Pending, now, now + options.Value.ExpiresAfter);
    }

    /// <summary>Once answered, the reminder and expiry have nothing left to do.</summary>
    public async Task CancelDueWorkAsync(string invitationId, CancellationToken cancellationToken)
    {
        await scheduler.CancelAsync(ReminderId(invitationId), cancellationToken).ConfigureAwait(false);
        await scheduler.CancelAsync(ExpiryId(invitationId), cancellationToken).ConfigureAwait(false);
    }

    internal static Notification Card(Invitation invitation, string notificationId) =>
        new(notificationId, InvitationCardNotification.KindName, invitation.TenantId)
        {
            // No ClientId: the invitee may not read the record, and the card is about the invitation, not the client.
            NamedUsers = [new NamedRecipient(invitation.InviteeUserId, invitation.InviteeName)],
            SenderUserId = notificationId == InvitationCardNotification.IdFor(invitation.Id) ? invitation.InvitedBy : null,
            SubjectId = invitation.Id,
            AdminsAsFallback = false,
        };

    public static string ReminderId(string invitationId) => $"invitation-reminder|{invitationId}";

    public static string ExpiryId(string invitationId) => $"invitation-expiry|{invitationId}";
}

/// <summary>The one reminder to someone who has not answered yet.</summary>
internal sealed class InvitationReminderHandler(Invitations invitations, Notifier notifier) : IScheduledWorkHandler
{
    public const string Kind = "invitation-reminder";

    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<InvitationDue>();
        var invitation = (await invitations.FindAsync(due.TenantId, due.InvitationId, cancellationToken).ConfigureAwait(false))?.Value;
        if (invitation?.Status == InvitationStatus.Pending)
        {
            // Once by the notification's id; what the turn-less send cannot finish the notifier schedules itself.
            await notifier.NotifyAsync(InvitationSender.Card(invitation, InvitationCardNotification.ReminderIdFor(invitation.Id)), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}

/// <summary>An invitation nobody answered expires, and the clinician is told.</summary>
internal sealed class InvitationExpiryHandler(Invitations invitations, Notifier notifier, TimeProvider time) : IScheduledWorkHandler
{
    public const string Kind = "invitation-expiry";

    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<InvitationDue>();
        var answered = await invitations.AnswerAsync(due.TenantId, due.InvitationId, InvitationStatus.Expired, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (answered is { Invitation.Status: InvitationStatus.Expired })
        {
            // Also when this run follows one that expired it and stopped before telling: the notification id makes it once.
            await notifier.NotifyAsync(InvitationAnswerNotification.For(answered.Value.Invitation), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}
