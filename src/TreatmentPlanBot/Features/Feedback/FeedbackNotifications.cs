using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Feedback;

/// <summary>
/// The feedback card in the client's own chat (<c>session-feedback|{client}|{feedbackId}</c>), composed from the client's
/// own file (opened as them, audited). Nothing is sent for a request already answered or closed.
/// </summary>
public sealed class FeedbackCardNotification(ClientFiles files, StaffDirectory staff, CardRenderer cards, TimeProvider time, IServiceProvider services) : INotificationKind
{
    public const string KindName = "session-feedback";
    private const string ReminderPrefix = "session-feedback-reminder|";

    public string Kind => KindName;

    public string Noun => "feedback request";

    public string NotReachedLead => "not asked";

    public string ReachedPhrase => "got the questions";

    public static Notification For(string tenantId, string clientId, string feedbackId, string clinicianId) =>
        new($"{KindName}|{clientId}|{feedbackId}", KindName, tenantId)
        {
            ClientId = clientId,
            Audience = Audience.Client,
            SenderUserId = clinicianId,
            SubjectId = feedbackId,
            AdminsAsFallback = false,
        };

    /// <summary>The one reminder (<c>session-feedback-reminder|{client}|{feedbackId}</c>): the same card, headed as a reminder.</summary>
    public static Notification ReminderFor(string tenantId, string clientId, string feedbackId, string clinicianId) =>
        For(tenantId, clientId, feedbackId, clinicianId) with { Id = $"{ReminderPrefix}{clientId}|{feedbackId}", SenderUserId = null };

    /// <summary>A reminder that reached nobody: the clinician hears the client can't be reached (the request itself was answered in their turn).</summary>
    public async Task SettledAsync(Notification notification, NotificationReport report, CancellationToken cancellationToken)
    {
        if (notification.Id.StartsWith(ReminderPrefix, StringComparison.Ordinal) && !report.IntendedReached && notification.ClientId is { } clientId && notification.SubjectId is { } feedbackId)
        {
            // Resolved here, not injected: the notifier depends on every kind.
            await services.GetRequiredService<Notifier>().NotifyAsync(FeedbackNewsNotification.For(notification.TenantId, clientId, FeedbackNewsNotification.Unreached, feedbackId), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.ClientId is not { } clientId || notification.SubjectId is not { } feedbackId || recipient.Role != RecipientRole.Client)
        {
            return null;
        }

        var own = await files.OpenOwnAsync(new Caller(notification.TenantId, recipient.UserId, recipient.DisplayName, InPersonalChat: true), clientId, "session-feedback", cancellationToken).ConfigureAwait(false);
        if (own.File is null || await own.File.FindSessionFeedbackAsync(feedbackId, cancellationToken).ConfigureAwait(false) is not { Value: var request }
            || request.StatusAt(time.GetUtcNow()) != SessionFeedbackStatus.Pending)
        {
            return null;
        }

        var clinician = (await staff.FindAsync(notification.TenantId, own.File.Enrolment.ClinicianId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician";
        var reminder = notification.Id.StartsWith(ReminderPrefix, StringComparison.Ordinal);
        return cards.Message(FeedbackCard.Template, FeedbackCard.View(request, clinician, FeedbackAnswers.Empty, null, null, reminder), reminder ? "A reminder: how was your session?" : "How was your session?");
    }
}

/// <summary>
/// Low or falling feedback, to the clinician of record only (<c>session-feedback-flag|{client}|{feedbackId}</c>; never
/// the supervisor, never admins): which items, the change since last time and the overall trend, read through the
/// clinician's own file.
/// </summary>
public sealed class FeedbackFlagNotification(ClientFiles files, IOptions<SessionFeedbackOptions> options) : INotificationKind
{
    public const string KindName = "session-feedback-flag";

    public string Kind => KindName;

    public string Noun => "feedback flag";

    public string NotReachedLead => "not told";

    public string ReachedPhrase => "was told";

    public static Notification For(string tenantId, string clientId, string feedbackId, string clientUserId) =>
        new($"{KindName}|{clientId}|{feedbackId}", KindName, tenantId)
        {
            ClientId = clientId,
            Audience = Audience.ClinicianOfRecord,
            SenderUserId = clientUserId,
            SubjectId = feedbackId,
            AdminsAsFallback = false,
        };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.ClientId is not { } clientId || notification.SubjectId is not { } feedbackId || recipient.Role != RecipientRole.ClinicianOfRecord)
        {
            return null;
        }

        var opened = await files.OpenAsClinicianAsync(new Caller(notification.TenantId, recipient.UserId, recipient.DisplayName, InPersonalChat: true), clientId, ClientAction.Read, "session-feedback", cancellationToken).ConfigureAwait(false);
        if (opened.File is null)
        {
            return null;
        }

        var all = await opened.File.ListSessionFeedbackAsync(cancellationToken).ConfigureAwait(false);
        if (all.FirstOrDefault(f => f.Id == feedbackId) is not { Ratings: { } ratings } answered)
        {
            return null;
        }

        var signal = SessionFeedback.Assess(answered, all, options.Value.Thresholds);
        if (!signal.Flagged)
        {
            return null;
        }

        var lines = new List<string>
        {
            $"**Session feedback to look at: {CardText.Escape(opened.File.Enrolment.DisplayName)}**, session of {SessionFeedback.Display(answered.SessionDate)} ({(signal.IsLow && signal.IsFalling ? "low and falling" : signal.IsLow ? "low" : "falling")}).",
            $"Ratings (0-10): {string.Join(", ", ratings.Items.Select(i => $"{i.Label} {i.Value}"))}.",
        };
        if (signal.IsLow)
        {
            lines.Add($"Low: {string.Join(", ", signal.LowItems)}.");
        }

        if (signal.IsFalling)
        {
            lines.Add($"Fell since last time: {string.Join(", ", signal.FallingItems)}.");
        }

        lines.Add($"Overall over recent sessions: {string.Join(" → ", signal.OverallTrend)}.");
        if (!string.IsNullOrWhiteSpace(answered.Comment))
        {
            lines.Add($"Their comment: “{CardText.Escape(answered.Comment)}”");
        }

        lines.Add("Only you see this feedback; it is not shared with your supervisor.");
        return ActivityExtensions.CreateMessage(string.Join("\n\n", lines));
    }
}
