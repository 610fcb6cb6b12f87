using System.Text.Json;
using BotCore.Schema;
using BotCore.Storage;

namespace BotCore.Hosting;

/// <summary>
/// Reads the body of <c>POST /api/messages</c> into an activity and refuses, with a reason code, what no channel sends
/// and what the bot could not store or answer: so malformed input gets 400 before any bot code runs instead of failing
/// somewhere inside a turn.
/// </summary>
internal static class InboundActivity
{
    /// <summary>
    /// Longest id accepted, counted after <see cref="TableKey.Escape"/>. State keys join a channel id, a conversation id
    /// and a user id (<c>{channel}/conversations/{conversation}/users/{user}</c>); with each id at most this long the
    /// escaped key stays under Table Storage's <see cref="TableLimits.MaxKeyChars"/>. Teams ids are far shorter.
    /// </summary>
    public const int MaxIdChars = 200;

    public const int MaxChannelIdChars = 32;

    public static (Activity? Activity, string? Flaw) Read(byte[] body)
    {
        Activity? activity;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "NotAnActivity");
            }

            // A lone surrogate can arrive only as a \u escape; it cannot be stored or sent back as UTF-8.
            if (!IsWellFormedText(document.RootElement))
            {
                return (null, "MalformedText");
            }

            activity = document.RootElement.Deserialize<Activity>(BotJson.Options);
        }
        catch (JsonException)
        {
            return (null, "NotAnActivity");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return (null, "NotAnActivity");
        }

        return (activity, FindFlaw(activity));
    }

    private static string? FindFlaw(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.ChannelId) || TableKey.Escape(activity.ChannelId).Length > MaxChannelIdChars)
        {
            return "MalformedChannelId";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return "MalformedServiceUrl";
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "MalformedConversation";
        }

        if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return "MalformedFrom";
        }

        TeamsChannelData? channelData;
        try
        {
            channelData = activity.GetTeamsChannelData();
        }
        catch (JsonException)
        {
            return "MalformedChannelData";
        }

        var channelTenant = channelData?.Tenant?.Id;
        var conversationTenant = activity.Conversation.TenantId;
        if (!string.IsNullOrEmpty(channelTenant) && !string.IsNullOrEmpty(conversationTenant)
            && !string.Equals(channelTenant, conversationTenant, StringComparison.OrdinalIgnoreCase))
        {
            return "MalformedTenant";
        }

        string?[] ids =
        [
            activity.Id, activity.ReplyToId, activity.Conversation.Id, activity.From.Id, activity.From.AadObjectId,
            activity.Recipient?.Id, channelTenant, conversationTenant,
        ];
        return ids.Any(id => id is not null && TableKey.Escape(id).Length > MaxIdChars) ? "MalformedIdTooLong" : null;
    }

    private static bool IsWellFormedText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!IsWellFormed(property.Name) || !IsWellFormedText(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(IsWellFormedText);
                case JsonValueKind.String:
                    return IsWellFormed(element.GetString());
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape invalid UTF-16 into a string.
            return false;
        }
    }

    private static bool IsWellFormed(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
