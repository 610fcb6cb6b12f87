using BotCore.Schema;

namespace TreatmentPlanBot.Notifications;

/// <summary>
/// The sender's later update when their turn ended with "I'm still trying to reach them; I'll tell you here": one
/// message in their chat once the scheduler settled every delivery.
/// </summary>
internal sealed class NotificationUpdate(NotificationStore store, IServiceProvider services) : INotificationKind
{
    public const string KindName = "notification-update";

    public string Kind => KindName;

    public string Noun => "update";

    public string NotReachedLead => "not delivered";

    public string ReachedPhrase => "got the update";

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the notifier depends on every kind.
        var notifier = services.GetRequiredService<Notifier>();
        if (notification.SubjectId is not { } originalId
            || await store.FindAsync(originalId, cancellationToken).ConfigureAwait(false) is not { } original
            || await notifier.ReportAsync(originalId, cancellationToken).ConfigureAwait(false) is not { } report)
        {
            return null;
        }

        var noun = notifier.KindOf(original).Noun;
        return ActivityExtensions.CreateMessage($"About your {noun}: {notifier.Summary(original, report).TrimEnd('.')}.");
    }
}
