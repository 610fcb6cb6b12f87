namespace BotCore.Connector;

/// <summary>Bearer tokens for calls from the bot to the channel (Bot Connector service).</summary>
public interface IAccessTokenProvider
{
    /// <summary>
    /// A current access token, from cache while it is valid; null when the bot runs without an app id
    /// (local use with the Agents Playground), in which case no Authorization header is sent.
    /// </summary>
    Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken = default);
}
