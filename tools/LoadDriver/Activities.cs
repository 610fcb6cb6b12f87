namespace LoadDriver;

/// <summary>A personal-chat message activity in the shape Teams posts to a bot's messaging endpoint.</summary>
internal static class Activities
{
    public static object Message(Options options, string serviceUrl, string conversationId, string id, string text) => new
    {
        type = "message",
        id,
        timestamp = DateTimeOffset.UtcNow,
        localTimestamp = DateTimeOffset.UtcNow,
        localTimezone = "Europe/London",
        channelId = "msteams",
        serviceUrl,
        from = new { id = "29:bench-" + options.UserId, name = "Bench User", aadObjectId = options.UserId },
        recipient = new { id = "28:bench-bot", name = "Bot" },
        conversation = new { id = conversationId, conversationType = "personal", tenantId = options.TenantId },
        channelData = new { tenant = new { id = options.TenantId } },
        textFormat = "plain",
        text,
        locale = "en-US",
    };
}
