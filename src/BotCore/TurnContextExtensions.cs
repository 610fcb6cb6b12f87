using BotCore.Schema;

namespace BotCore;

/// <summary>The familiar shortcuts over <see cref="ITurnContext"/>.</summary>
public static class TurnContextExtensions
{
    /// <summary>Sends a plain message (Markdown allowed) in this turn's conversation.</summary>
    public static Task<ResourceResponse> SendActivityAsync(this ITurnContext turnContext, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(text);
        return turnContext.SendActivityAsync(ActivityExtensions.CreateMessage(text), cancellationToken);
    }
}
