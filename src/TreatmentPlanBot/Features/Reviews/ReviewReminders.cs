using System.Globalization;
using BotCore.Scheduling;
using BotCore.Schema;
using BotCore.Time;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>The scheduler's payload for a review reminder: ids and the due date it was scheduled for.</summary>
public sealed record ReviewDue(string TenantId, string ClinicianId, string ClientId, string DueOn);

/// <summary>
/// Schedules the clinician's reminder before each review date, whenever a plan is saved: item
/// <c>review-reminder|{clientId}|{yyyyMMdd}</c> at <see cref="ReviewOptions.ReminderHour"/> in the clinician's own time
/// zone, <see cref="ReviewOptions.ReminderDaysBefore"/> days before. Scheduling the same date again changes nothing; a
/// reminder for a date that has since moved finds the plan due another day and sends nothing.
/// </summary>
public sealed class ReviewReminders(WorkScheduler scheduler, PersonalChats chats, Clocks clocks, IOptions<ReviewOptions> options) : IPlanObserver
{
    public async Task PlanChangedAsync(ClientEnrolment enrolment, TreatmentPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Status is PlanStatus.Completed or PlanStatus.Discharged || enrolment.Status == ClientStatus.Discharged)
        {
            return;
        }

        var due = plan.NextReviewDue();
        var zone = (await chats.FindAsync(enrolment.TenantId, enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.TimeZoneId;
        var at = clocks.For(zone).At(due.AddDays(-options.Value.ReminderDaysBefore), new TimeOnly(options.Value.ReminderHour, 0));
        await scheduler.ScheduleAsync(WorkId(enrolment.ClientId, due), ReviewReminderHandler.Kind, at,
            new ReviewDue(enrolment.TenantId, enrolment.ClinicianId, enrolment.ClientId, ObjectiveMeasures.Iso(due)), enrolment.TenantId, cancellationToken).ConfigureAwait(false);
    }

    public static string WorkId(string clientId, DateOnly due) => $"{ReviewReminderHandler.Kind}|{clientId}|{due:yyyyMMdd}";
}

/// <summary>Sends the reminder when the plan is still due on the date it was scheduled for; once, by the notification's id.</summary>
internal sealed class ReviewReminderHandler(ClientFiles files, Notifier notifier) : IScheduledWorkHandler
{
    public const string Kind = "review-reminder";

    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<ReviewDue>();
        var opened = await files.OpenClinicalViewAsync(new Caller(due.TenantId, due.ClinicianId, null, InPersonalChat: true), due.ClientId, "review reminder", cancellationToken).ConfigureAwait(false);
        var plan = opened.Allowed ? (await opened.File.GetPlanAsync(cancellationToken).ConfigureAwait(false))?.Value : null;
        if (plan is null || plan.Status is PlanStatus.Completed or PlanStatus.Discharged || ObjectiveMeasures.Iso(plan.NextReviewDue()) != due.DueOn)
        {
            return WorkOutcome.Done;
        }

        await notifier.NotifyAsync(new Notification($"{Kind}|{due.ClientId}|{due.DueOn}", ReviewReminderNotification.KindName, due.TenantId)
        {
            ClientId = due.ClientId,
            Audience = Audience.ClinicianOfRecord,
            SubjectId = due.DueOn,
            AdminsAsFallback = false,
        }, cancellationToken).ConfigureAwait(false);
        return WorkOutcome.Done;
    }
}

/// <summary>The reminder in the clinician's personal chat, with a button that starts the review.</summary>
public sealed class ReviewReminderNotification(CardRenderer cards) : INotificationKind
{
    public const string KindName = "review-reminder";

    public string Kind => KindName;

    public string Noun => "review reminder";

    public string NotReachedLead => "not reminded";

    public string ReachedPhrase => "was reminded";

    public Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (recipient.Client is not { } client || ReviewDraft.Date(notification.SubjectId ?? string.Empty) is not { } due)
        {
            return Task.FromResult<Activity?>(null);
        }

        var text = $"{CardText.Escape(client.DisplayName)}'s plan review is due on {due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.";
        return Task.FromResult<Activity?>(cards.Message("review-reminder", new { clientId = client.ClientId, text }, "Plan review due"));
    }
}
