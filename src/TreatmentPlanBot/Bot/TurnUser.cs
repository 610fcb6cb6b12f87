using BotCore;
using BotCore.Schema;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Bot;

/// <summary>Who is speaking in this turn: their identity and, if they are staff, their directory entry.</summary>
public sealed record TurnUser(Caller Caller, StaffMember? Staff, string StaffETag)
{
    public bool Is(StaffRoles role) => Staff?.Has(role) == true;
}

/// <summary>
/// Resolves the turn's user once per turn (cached in the turn state). Someone who is not staff is remembered as
/// waiting for access, so an admin can grant them a role by name.
/// </summary>
public sealed class TurnUserResolver(StaffDirectory staff, AccessRequests accessRequests)
{
    public async Task<TurnUser?> ResolveAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.TurnState.Get<TurnUser>() is { } cached)
        {
            return cached;
        }

        if (Caller.From(turnContext.Activity) is not { } caller)
        {
            return null;
        }

        var member = await staff.FindAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false);
        if (member is null && caller.InPersonalChat)
        {
            await accessRequests.NoteAsync(caller, turnContext.Activity.GetConversationReference() with { ActivityId = null }, cancellationToken).ConfigureAwait(false);
        }

        var user = new TurnUser(caller, member?.Value, member?.ETag ?? string.Empty);
        turnContext.TurnState.Set(user);
        return user;
    }
}
