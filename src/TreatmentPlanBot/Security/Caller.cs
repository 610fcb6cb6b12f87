using BotCore.Schema;

namespace TreatmentPlanBot.Security;

/// <summary>Who sent this turn and where: the identity every access decision starts from.</summary>
public sealed record Caller(string TenantId, string UserId, string? DisplayName, bool InPersonalChat)
{
    /// <summary>
    /// Teams identifies a user by their Entra object id (aadObjectId); channels without it fall back to the
    /// channel's user id. The tenant comes from Teams channel data, else the conversation.
    /// </summary>
    public static Caller? From(Activity activity)
    {
        var userId = activity.From?.AadObjectId ?? activity.From?.Id;
        if (string.IsNullOrWhiteSpace(userId))
        {
            return null;
        }

        var tenantId = activity.GetTeamsChannelData()?.Tenant?.Id ?? activity.Conversation?.TenantId ?? "local";
        return new Caller(tenantId, userId, activity.From?.Name, activity.IsPersonalConversation());
    }
}
