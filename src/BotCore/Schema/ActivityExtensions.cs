using System.Text.Json;

namespace BotCore.Schema;

public static class ActivityExtensions
{
    /// <summary>The address of the conversation an incoming activity came from.</summary>
    public static ConversationReference GetConversationReference(this Activity activity) => new()
    {
        ActivityId = activity.Type == ActivityTypes.ConversationUpdate ? null : activity.Id,
        User = activity.From,
        Bot = activity.Recipient,
        Conversation = activity.Conversation,
        ChannelId = activity.ChannelId,
        ServiceUrl = activity.ServiceUrl,
        Locale = activity.Locale,
    };

    /// <summary>The event activity a proactive turn runs on: addressed as if the user had written in that conversation.</summary>
    public static Activity CreateContinuationActivity(this ConversationReference reference) => new()
    {
        Type = ActivityTypes.Event,
        Name = "ContinueConversation",
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = reference.User,
        Recipient = reference.Bot,
        Locale = reference.Locale,
        RelatesTo = reference,
    };

    /// <summary>Addresses an outgoing activity to the conversation in <paramref name="reference"/>, as a reply to its activity.</summary>
    public static Activity ApplyConversationReference(this Activity activity, ConversationReference reference) => activity with
    {
        Type = activity.Type ?? ActivityTypes.Message,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = reference.Bot,
        Recipient = reference.User,
        Locale = activity.Locale ?? reference.Locale,
        ReplyToId = activity.ReplyToId ?? reference.ActivityId,
    };

    public static Activity CreateMessage(string? text, IReadOnlyList<Attachment>? attachments = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Attachments = attachments,
    };

    public static Attachment CreateAdaptiveCardAttachment(JsonElement card) => new()
    {
        ContentType = ContentTypes.AdaptiveCard,
        Content = card,
    };

    /// <summary>Teams channel data (tenant, team, channel), if present.</summary>
    public static TeamsChannelData? GetTeamsChannelData(this Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            ? data.Deserialize<TeamsChannelData>(BotJson.Options)
            : null;

    /// <summary>
    /// The Entra tenant the activity comes from: Teams puts it in <c>channelData.tenant.id</c> and in
    /// <c>conversation.tenantId</c> (CloudAdapter refuses an activity where the two differ).
    /// </summary>
    public static string? GetTenantId(this Activity activity)
    {
        var tenantId = activity.GetTeamsChannelData()?.Tenant?.Id;
        return string.IsNullOrWhiteSpace(tenantId) ? (string.IsNullOrWhiteSpace(activity.Conversation?.TenantId) ? null : activity.Conversation.TenantId) : tenantId;
    }

    /// <summary>
    /// True in a 1:1 chat between the bot and one user. Only there may personal data be shown. A missing
    /// conversationType counts as 1:1 because the Agents Playground omits it in personal chats (Teams always sends it);
    /// its group chats and channels carry isGroup or a type.
    /// </summary>
    public static bool IsPersonalConversation(this Activity activity) =>
        activity.Conversation is { } conversation
        && conversation.IsGroup != true
        && (conversation.ConversationType is null || conversation.ConversationType == "personal");
}

public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }
    public TeamInfo? Team { get; init; }
    public ChannelInfo? Channel { get; init; }
    public string? EventType { get; init; }

    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record TenantInfo(string? Id);

public sealed record TeamInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadGroupId { get; init; }
}

public sealed record ChannelInfo
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}
