using BotCore.Schema;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Handover;

/// <summary>
/// Tells both clinicians of a handover (<c>client-handover|{handoverId}</c>). The new clinician may read the record, so
/// their message names the client; the former clinician no longer may, so theirs does not.
/// </summary>
public sealed class HandoverNotification(StaffDirectory staff) : INotificationKind
{
    public const string KindName = "client-handover";

    public string Kind => KindName;

    public string Noun => "handover notice";

    public string NotReachedLead => "not told";

    public string ReachedPhrase => "was told";

    public static Notification For(string tenantId, string clientId, string handoverId, string fromClinicianId, string toClinicianId, string byUserId) =>
        new($"{KindName}|{handoverId}", KindName, tenantId)
        {
            ClientId = clientId,
            NamedUsers = [new NamedRecipient(toClinicianId, null), new NamedRecipient(fromClinicianId, null)],
            SenderUserId = byUserId,
            SubjectId = $"{fromClinicianId}>{toClinicianId}>{byUserId}",
            AdminsAsFallback = false,
        };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.SubjectId?.Split('>') is not [var from, var to, var by])
        {
            return null;
        }

        async Task<string> NameOf(string userId, string fallback) =>
            CardText.Escape((await staff.FindAsync(notification.TenantId, userId, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? fallback);

        var byName = await NameOf(by, "An administrator").ConfigureAwait(false);
        if (string.Equals(recipient.UserId, to, StringComparison.OrdinalIgnoreCase) && recipient.Client is { } client)
        {
            var name = CardText.Escape(client.DisplayName);
            return ActivityExtensions.CreateMessage(
                $"{name} is now your client: {byName} handed them over to you from {await NameOf(from, "their former clinician").ConfigureAwait(false)}. "
                + $"They are on your caseload; say **show plan {name}** to see their plan.");
        }

        return string.Equals(recipient.UserId, from, StringComparison.OrdinalIgnoreCase)
            ? ActivityExtensions.CreateMessage(
                $"{byName} handed one of your clients over to {await NameOf(to, "another clinician").ConfigureAwait(false)}. "
                + "The client is no longer on your caseload, and their record now opens for their new clinician.")
            : null;
    }
}
