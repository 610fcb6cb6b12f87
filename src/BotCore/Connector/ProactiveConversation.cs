using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Connector;

public static class ProactiveConversation
{
    /// <summary>
    /// Parameters for POST /v3/conversations that open (or find) the 1:1 chat between the bot and one user.
    /// Teams requires the tenant in channelData.tenant.id for this call; tenantId is sent too for other channels.
    /// </summary>
    public static ConversationParameters Personal(ChannelAccount bot, ChannelAccount user, string tenantId, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return new ConversationParameters
        {
            IsGroup = false,
            Bot = bot,
            Members = [user],
            TenantId = tenantId,
            ChannelData = JsonSerializer.SerializeToElement(new TeamsChannelData { Tenant = new TenantInfo(tenantId) }, BotJson.Options),
            Activity = activity,
        };
    }
}
