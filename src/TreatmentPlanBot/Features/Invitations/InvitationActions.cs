using System.Globalization;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Invitations;

/// <summary>
/// Accept and decline on the invitation card. Only the invitee may answer (the caller's Entra id is the invitee's);
/// anyone else gets the access gate's neutral refusal, which does not say whether the invitation exists. Accepting
/// links the Teams account to the client record (<see cref="ClientUsers.LinkAsync"/>); either answer tells the clinician.
/// A repeated press says what already happened.
/// </summary>
public sealed class InvitationActions(Invitations invitations, ClientUsers clientUsers, InvitationSender sender, Notifier notifier, StaffDirectory staff, TimeProvider time) : ICardActionHandler
{
    public const string Accept = "invitation.accept";
    public const string Decline = "invitation.decline";

    public IReadOnlyCollection<string> Verbs { get; } = [Accept, Decline];

    // The invitee presses these, before and after they are linked; the handler checks they are the invitee.
    public bool ForClients => true;

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.User.Caller;
        if (context.GetString("invitationId") is not { Length: > 0 } invitationId
            || await invitations.FindAsync(caller.TenantId, invitationId, cancellationToken).ConfigureAwait(false) is not { Value: var invitation }
            || !string.Equals(invitation.InviteeUserId, caller.UserId, StringComparison.OrdinalIgnoreCase))
        {
            return CardActionResult.Say(AccessDecision.RefusalMessage);
        }

        var clinician = CardText.Escape((await staff.FindAsync(invitation.TenantId, invitation.InvitedBy, cancellationToken).ConfigureAwait(false))?.Value.DisplayName ?? "your clinician");
        var now = time.GetUtcNow();
        if (invitation.Status == InvitationStatus.Pending && now >= invitation.ExpiresAt)
        {
            invitation = (await invitations.AnswerAsync(invitation.TenantId, invitation.Id, InvitationStatus.Expired, now, cancellationToken).ConfigureAwait(false))?.Invitation ?? invitation;
        }

        if (invitation.Status != InvitationStatus.Pending)
        {
            return CardActionResult.Say(AlreadyAnswered(invitation, clinician, context.Verb));
        }

        if (context.Verb == Accept)
        {
            var link = await clientUsers.LinkAsync(invitation.ClientId, invitation.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false);
            if (link is not (ClientLinkOutcome.Linked or ClientLinkOutcome.AlreadyLinked))
            {
                return CardActionResult.Say(link == ClientLinkOutcome.NoSuchClient
                    ? AccessDecision.RefusalMessage
                    : $"I couldn't connect your Teams account: it, or the record {clinician} keeps for you, is already connected to another. Please tell {clinician}.");
            }
        }

        var status = context.Verb == Accept ? InvitationStatus.Accepted : InvitationStatus.Declined;
        var answered = await invitations.AnswerAsync(invitation.TenantId, invitation.Id, status, now, cancellationToken).ConfigureAwait(false);
        if (answered is not { } result || !result.Changed)
        {
            // Another press answered first.
            return CardActionResult.Say(AlreadyAnswered(answered?.Invitation ?? invitation, clinician, context.Verb));
        }

        await sender.CancelDueWorkAsync(invitation.Id, cancellationToken).ConfigureAwait(false);
        await notifier.NotifyAsync(InvitationAnswerNotification.For(result.Invitation), cancellationToken).ConfigureAwait(false);
        return CardActionResult.Say(status == InvitationStatus.Accepted
            ? $"Thank you. You're connected with {clinician}: I'll send your check-ins and your plan here. You can stop at any time by telling {clinician}."
            : $"You declined, and nothing was connected. {clinician} has been told. If you change your mind, ask {clinician} to invite you again.");
    }

    private static string AlreadyAnswered(Invitation invitation, string clinician, string verb)
    {
        var when = invitation.AnsweredAt?.UtcDateTime.ToString("d MMMM", CultureInfo.InvariantCulture);
        return invitation.Status switch
        {
            InvitationStatus.Accepted => $"You already accepted this invitation{(when is null ? string.Empty : $" on {when}")}: you're connected with {clinician}.",
            InvitationStatus.Declined when verb == Accept => $"You declined this invitation{(when is null ? string.Empty : $" on {when}")}. If you've changed your mind, ask {clinician} to invite you again.",
            InvitationStatus.Declined => $"You already declined this invitation{(when is null ? string.Empty : $" on {when}")}. Nothing was connected.",
            InvitationStatus.Expired => $"This invitation has expired. If you'd like to connect, ask {clinician} to send a new one.",
            _ => $"This invitation was withdrawn by {clinician}.",
        };
    }
}
