using System.Globalization;
using BotCore.Scheduling;
using BotCore.Schema;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Supervision;

/// <summary>
/// The weekly card in the supervisor's personal chat (<c>supervision-card|{tenant}|{supervisor}|{date}</c>: once per
/// week). It carries no client id: the card covers many clients, and each is opened as the supervisor when composed,
/// so the card holds only their supervisees' clients. Nothing is sent to a supervisor with no supervisees.
/// </summary>
public sealed class SupervisionCardNotification(SupervisionCardBuilder cards, SupervisionSchedule schedule) : INotificationKind
{
    public const string KindName = "supervision-card";

    public string Kind => KindName;

    public string Noun => "progress card";

    public string NotReachedLead => "not sent";

    public string ReachedPhrase => "got their progress card";

    public static Notification For(SupervisionCardDue due, string supervisorName) =>
        new($"{KindName}|{due.TenantId}|{due.SupervisorId}|{due.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", KindName, due.TenantId)
        {
            NamedUsers = [new NamedRecipient(due.SupervisorId, supervisorName)],
            SubjectId = due.SupervisorId,
            // A weekly summary, not an alert: nobody else is told when the supervisor cannot be reached.
            AdminsAsFallback = false,
        };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (!string.Equals(recipient.UserId, notification.SubjectId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var settings = (await schedule.GetAsync(notification.TenantId, recipient.UserId, cancellationToken).ConfigureAwait(false)).Value;
        var caller = new Caller(notification.TenantId, recipient.UserId, recipient.DisplayName, InPersonalChat: true);
        var card = await cards.RenderAsync(caller, schedule.ClockOf(settings), 1, schedule.Describe(settings), cancellationToken).ConfigureAwait(false);
        return card is CardActionResult.ReplaceCard ? card.ToActivity("Your weekly progress card") : null;
    }
}

/// <summary>The weekly run: schedules next week's first, then sends this week's card (once, by the notification id).</summary>
internal sealed class SupervisionCardHandler(StaffDirectory staff, SupervisionSchedule schedule, SupervisionCardBuilder cards, Notifier notifier) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<SupervisionCardDue>();
        var supervisor = (await staff.FindAsync(due.TenantId, due.SupervisorId, cancellationToken).ConfigureAwait(false))?.Value;
        if (supervisor?.Has(StaffRoles.Supervisor) != true)
        {
            // No longer a supervisor: the weekly card stops here; being made one again starts it.
            return WorkOutcome.Done;
        }

        await schedule.ScheduleAfterAsync(due.TenantId, due.SupervisorId, due.Date, cancellationToken).ConfigureAwait(false);
        var caller = new Caller(due.TenantId, due.SupervisorId, supervisor.DisplayName, InPersonalChat: true);
        var settings = (await schedule.GetAsync(due.TenantId, due.SupervisorId, cancellationToken).ConfigureAwait(false)).Value;
        if (await cards.RowsAsync(caller, schedule.ClockOf(settings), cancellationToken).ConfigureAwait(false) is { Count: > 0 })
        {
            await notifier.NotifyAsync(SupervisionCardNotification.For(due, supervisor.DisplayName), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}
