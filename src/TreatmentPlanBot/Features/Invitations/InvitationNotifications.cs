using System.Globalization;
using BotCore.Schema;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Invitations;

/// <summary>
/// The invitation card in the invitee's personal chat (notification <c>invitation|{id}</c>, and the one reminder
/// <c>invitation-reminder|{id}</c>). It says who invites them and what the bot will ask, and nothing clinical: the
/// invitee has no access to the record until they accept, so the client's name is not on it either.
/// </summary>
public sealed class InvitationCardNotification(Invitations invitations, StaffDirectory staff, CardRenderer cards, IOptions<ClinicOptions> clinic) : INotificationKind
{
    public const string KindName = "invitation";

    public string Kind => KindName;

    public string Noun => "invitation";

    public string NotReachedLead => "not invited";

    public string ReachedPhrase => "got your invitation";

    public static string IdFor(string invitationId) => $"invitation|{invitationId}";

    public static string ReminderIdFor(string invitationId) => $"invitation-reminder|{invitationId}";

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.SubjectId is not { } invitationId
            || await invitations.FindAsync(notification.TenantId, invitationId, cancellationToken).ConfigureAwait(false) is not { Value: var invitation }
            || invitation.Status != InvitationStatus.Pending
            || !string.Equals(recipient.UserId, invitation.InviteeUserId, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var clinician = (await staff.FindAsync(invitation.TenantId, invitation.InvitedBy, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "Your clinician";
        var reminder = notification.Id == ReminderIdFor(invitationId);
        return cards.Message("invitation", InvitationCard.View(invitation, clinician, clinic.Value.Name, reminder),
            reminder ? $"Reminder: {clinician} invited you" : $"{clinician} invited you");
    }
}

/// <summary>The card's view model: who invites, what the bot will ask, who sees the answers. Nothing clinical.</summary>
internal static class InvitationCard
{
    public static object View(Invitation invitation, string clinician, string clinic, bool reminder) => new
    {
        invitationId = invitation.Id,
        heading = reminder
            ? $"A reminder: {CardText.Escape(clinician)} invited you to connect with me"
            : $"{CardText.Escape(clinician)} invited you to connect with me",
        intro = $"{CardText.Escape(clinician)} at {CardText.Escape(clinic)} would like to use this chat in Teams for your plan with them.",
        asks = new[]
        {
            "Short check-ins between sessions: a few questions about how you are doing.",
            "Your feedback on sessions.",
            $"Reading your plan with {CardText.Escape(clinician)} and signing it when you agree with it.",
        },
        use = $"Your answers go into your record with {CardText.Escape(clinician)}, to follow how things are going and adjust your plan. "
            + $"Only {CardText.Escape(clinician)} and their clinical supervisor see them.",
        stop = $"You can stop at any time: tell {CardText.Escape(clinician)}, and I will stop asking.",
        expires = $"You can answer until {invitation.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. Nothing about your care is shown here until you accept.",
    };
}

/// <summary>
/// Tells the inviting clinician what became of an invitation (<c>invitation-answer|{id}|{status}</c>): accepted,
/// declined, expired. The clinician may read the record, so the message names the client for them only.
/// </summary>
public sealed class InvitationAnswerNotification(Invitations invitations) : INotificationKind
{
    public const string KindName = "invitation-answer";

    public string Kind => KindName;

    public string Noun => "invitation's answer";

    public string NotReachedLead => "not told";

    public string ReachedPhrase => "was told";

    public static Notification For(Invitation invitation) =>
        new($"{KindName}|{invitation.Id}|{invitation.Status}", KindName, invitation.TenantId)
        {
            ClientId = invitation.ClientId,
            NamedUsers = [new NamedRecipient(invitation.InvitedBy, null)],
            SubjectId = invitation.Id,
            AdminsAsFallback = false,
        };

    public async Task<Activity?> ComposeAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        if (notification.SubjectId is not { } invitationId
            || await invitations.FindAsync(notification.TenantId, invitationId, cancellationToken).ConfigureAwait(false) is not { Value: var invitation })
        {
            return null;
        }

        var client = recipient.Client?.DisplayName;
        var whose = client is null ? "your client's record" : $"{CardText.Escape(client)}'s record";
        var invitee = CardText.Escape(invitation.InviteeName);
        return ActivityExtensions.CreateMessage(invitation.Status switch
        {
            InvitationStatus.Accepted => $"{invitee} accepted your invitation: their Teams account is now linked to {whose}.",
            InvitationStatus.Declined => $"{invitee} declined your invitation to link their Teams account to {whose}. Nothing was linked.",
            InvitationStatus.Expired => $"Your invitation to {invitee} (for {whose}) expired without an answer. Say **invite** to send a new one.",
            _ => $"Your invitation to {invitee} was withdrawn.",
        });
    }
}
