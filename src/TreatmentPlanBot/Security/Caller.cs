using BotCore.Schema;

namespace TreatmentPlanBot.Security;

/// <summary>Who sent this turn and where: the identity every access decision starts from.</summary>
public sealed record Caller(string TenantId, string UserId, string? DisplayName, bool InPersonalChat)
{
    /// <summary>
    /// Only Teams' Entra identity counts: the user's object id (aadObjectId) in their tenant. Nothing else in an
    /// activity proves who sent it (on Web Chat or Direct Line the client picks <c>from.id</c> itself), so without
    /// both there is no caller.
    /// </summary>
    public static Caller? From(Activity activity)
    {
        var userId = activity.From?.AadObjectId;
        var tenantId = activity.GetTenantId();
        if (string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(tenantId))
        {
            return null;
        }

        return new Caller(tenantId, userId, activity.From?.Name, activity.IsPersonalConversation());
    }
}
