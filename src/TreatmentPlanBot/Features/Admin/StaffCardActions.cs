using BotCore.Schema;
using BotCore.Storage;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Admin;

/// <summary>
/// The staff card's buttons: <c>staff.grant</c> {userId, role} and <c>staff.show</c> (refresh). The card is not trusted:
/// the caller must be an admin now, and the change is checked against the directory as it is now. Answers with the
/// refreshed card, the outcome at its top.
/// </summary>
public sealed class StaffCardActions(StaffCard card, StaffChanges changes) : ICardActionHandler
{
    public const string Grant = "staff.grant";
    public const string Show = "staff.show";

    public IReadOnlyCollection<string> Verbs { get; } = [Grant, Show];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (!context.User.Is(StaffRoles.Admin))
        {
            return CardActionResult.Say(BotReplies.NotForYourRole("staff", StaffRoles.Admin));
        }

        var caller = context.User.Caller;
        try
        {
            await changes.RecordBootstrapAdminAsync(caller, context.User.Staff!, context.User.StaffETag,
                context.Turn.Activity.GetConversationReference() with { ActivityId = null }, cancellationToken).ConfigureAwait(false);
            if (context.Verb == Show)
            {
                return CardActionResult.ShowCard(await card.RenderAsync(caller.TenantId, null, cancellationToken).ConfigureAwait(false));
            }

            var userId = context.GetString("userId");
            var role = StaffRoleWords.Parse(context.GetString("role"));
            if (string.IsNullOrWhiteSpace(userId) || role is null)
            {
                return CardActionResult.Say("That button didn't say who or which role, so nothing was changed. Say **staff** to see the current list.");
            }

            var outcome = await changes.GrantAsync(caller, StaffChangeDialog.ChangeId(context.Turn), userId, role.Value, cancellationToken).ConfigureAwait(false);
            return CardActionResult.ShowCard(await card.RenderAsync(caller.TenantId, outcome.Message, cancellationToken).ConfigureAwait(false));
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.Unavailable)
        {
            return CardActionResult.Say(OutageWords.PressAgain);
        }
    }
}
