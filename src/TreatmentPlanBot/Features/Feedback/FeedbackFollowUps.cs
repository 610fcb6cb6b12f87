using BotCore.Scheduling;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>The scheduler's payload for a feedback request's reminder and expiry: ids only.</summary>
public sealed record FeedbackDue(string TenantId, string ClientId, string FeedbackId);

/// <summary>
/// A feedback request's one reminder (<c>feedback-reminder|{client}|{id}</c>, after <see cref="SessionFeedbackOptions.RemindAfter"/>
/// when that is before expiry) and its expiry (<c>feedback-expiry|{client}|{id}</c>). Ids come from the request, so asking
/// again, or two instances scheduling, leaves one of each.
/// </summary>
public sealed class FeedbackFollowUps(WorkScheduler scheduler, IOptions<SessionFeedbackOptions> options)
{
    public const string ReminderKind = "feedback-reminder";
    public const string ExpiryKind = "feedback-expiry";

    public async Task ScheduleAsync(string tenantId, SessionFeedbackRecord request, CancellationToken cancellationToken)
    {
        var due = new FeedbackDue(tenantId, request.ClientId, request.Id);
        var remindAt = request.RequestedAt + options.Value.RemindAfter;
        if (remindAt < request.ExpiresAt)
        {
            await scheduler.ScheduleAsync(WorkId(ReminderKind, request.ClientId, request.Id), ReminderKind, remindAt, due, tenantId, cancellationToken).ConfigureAwait(false);
        }

        await scheduler.ScheduleAsync(WorkId(ExpiryKind, request.ClientId, request.Id), ExpiryKind, request.ExpiresAt, due, tenantId, cancellationToken).ConfigureAwait(false);
    }

    public static string WorkId(string kind, string clientId, string feedbackId) => $"{kind}|{clientId}|{feedbackId}";
}

/// <summary>Still unanswered: the feedback card once more, headed as a reminder (the notifier sends it once by its id).</summary>
internal sealed class FeedbackReminderHandler(ClientFiles files, Notifier notifier, TimeProvider time) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<FeedbackDue>();
        var opened = await files.OpenForScheduledWorkAsync(due.TenantId, due.ClientId, "session-feedback reminder", cancellationToken).ConfigureAwait(false);
        var stored = opened.Allowed ? await opened.File.FindSessionFeedbackAsync(due.FeedbackId, cancellationToken).ConfigureAwait(false) : null;
        if (stored?.Value.StatusAt(time.GetUtcNow()) == SessionFeedbackStatus.Pending)
        {
            // A client who cannot be reached fails quietly here; the card's kind tells the clinician once it is settled.
            await notifier.NotifyAsync(FeedbackCardNotification.ReminderFor(due.TenantId, due.ClientId, due.FeedbackId, stored.Value.RequestedBy), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}

/// <summary>Unanswered at expiry: the clinician hears that it closed unanswered (a missing answer, not a flag).</summary>
internal sealed class FeedbackExpiryHandler(ClientFiles files, Notifier notifier) : IScheduledWorkHandler
{
    public async Task<WorkOutcome> HandleAsync(ScheduledWorkItem item, CancellationToken cancellationToken)
    {
        var due = item.ReadPayload<FeedbackDue>();
        var opened = await files.OpenForScheduledWorkAsync(due.TenantId, due.ClientId, "session-feedback expiry", cancellationToken).ConfigureAwait(false);
        var stored = opened.Allowed ? await opened.File.FindSessionFeedbackAsync(due.FeedbackId, cancellationToken).ConfigureAwait(false) : null;
        if (stored?.Value.Status == SessionFeedbackStatus.Pending)
        {
            await notifier.NotifyAsync(FeedbackNewsNotification.For(due.TenantId, due.ClientId, FeedbackNewsNotification.Expired, due.FeedbackId), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}

/// <summary>
/// A word to the clinician of record about a feedback request (<c>session-feedback-news|{client}|{what}|{id}</c>): it
/// closed unanswered, or its reminder could not reach the client. Composed from the clinician's own file.
/// </summary>
public sealed class FeedbackNewsNotification(ClientFiles files, IServiceProvider services) : INotificationKind
{
    public const string KindName = "session-feedback-news";
    public const string Expired = "expired";
    public const string Unreached = "unreached";

    public string Kind => KindName;

    public string Noun => "feedback news";

    public string NotReachedLead => "not told";

    public string ReachedPhrase => "was told";

    public static Notification For(string tenantId, string clientId, string what, string feedbackId) =>
        new($"{KindName}|{clientId}|{what}|{feedbackId}", KindName, tenantId)
        {
            ClientId = clientId,
            Audience = Audience.ClinicianOfRecord,
            SubjectId = $"{what}|{feedbackId}",
            AdminsAsFallback = false,
        };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.ClientId is not { } clientId || notification.SubjectId?.Split('|', 2) is not [var what, var feedbackId] || recipient.Role != RecipientRole.ClinicianOfRecord)
        {
            return null;
        }

        var opened = await files.OpenAsClinicianAsync(new Caller(notification.TenantId, recipient.UserId, recipient.DisplayName, InPersonalChat: true), clientId, ClientAction.Read, "session-feedback", cancellationToken).ConfigureAwait(false);
        if (opened.File is null || await opened.File.FindSessionFeedbackAsync(feedbackId, cancellationToken).ConfigureAwait(false) is not { Value: var request })
        {
            return null;
        }

        var client = CardText.Escape(opened.File.Enrolment.DisplayName);
        var session = $"the session of {SessionFeedback.Display(request.SessionDate)}";
        if (what == Expired)
        {
            return ActivityExtensions.CreateMessage($"{client} didn't answer the feedback on {session} before it closed on {SessionFeedback.Display(request.ExpiresAt)}. It expired unanswered: that says nothing about how the session went.");
        }

        // Resolved here, not injected: the notifier depends on every kind.
        var notifier = services.GetRequiredService<Notifier>();
        var reminder = FeedbackCardNotification.ReminderFor(notification.TenantId, clientId, feedbackId, request.RequestedBy);
        var report = await notifier.ReportAsync(reminder.Id, cancellationToken).ConfigureAwait(false);
        return ActivityExtensions.CreateMessage($"I couldn't remind {client} about the feedback on {session}: {NotificationWords.NotReachedBecause(report)}. Nothing more will be sent to them about it.");
    }
}
