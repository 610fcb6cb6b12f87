using BotCore;
using BotCore.Schema;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Bot;

/// <summary>Who is speaking in this turn: their identity and, if they are staff, their directory entry; if they are a client, their record.</summary>
public sealed record TurnUser(Caller Caller, StaffMember? Staff, string StaffETag)
{
    /// <summary>The client record this person is (the link an accepted invitation made), when they are not staff.</summary>
    public ClientUserLink? Client { get; init; }

    /// <summary>A client of the clinic speaking for themself: they get the client's commands, never staff ones.</summary>
    public bool IsClient => Staff is null && Client is not null;

    public bool Is(StaffRoles role) => Staff?.Has(role) == true;
}

/// <summary>
/// Resolves the turn's user once per turn (cached in the turn state): staff first (one point read, all staff need),
/// then, only for someone who is not staff, the client link (one more point read). Someone who is neither is
/// remembered as waiting for access, so an admin can grant them a role by name; a linked client never is.
/// </summary>
public sealed class TurnUserResolver(StaffDirectory staff, ClientUsers clientUsers, AccessRequests accessRequests)
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
        var client = member is null ? await clientUsers.FindAsync(caller.TenantId, caller.UserId, cancellationToken).ConfigureAwait(false) : null;
        if (member is null && client is null && caller.InPersonalChat)
        {
            await accessRequests.NoteAsync(caller, turnContext.Activity.GetConversationReference() with { ActivityId = null }, cancellationToken).ConfigureAwait(false);
        }

        var user = new TurnUser(caller, member?.Value, member?.ETag ?? string.Empty) { Client = client };
        turnContext.TurnState.Set(user);
        return user;
    }
}
