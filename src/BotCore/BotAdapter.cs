using BotCore.Schema;

namespace BotCore;

/// <summary>
/// Connects turn logic to a channel. <c>CloudAdapter</c> speaks the Connector protocol over HTTP;
/// the test adapter keeps everything in memory.
/// </summary>
public abstract class BotAdapter
{
    public abstract Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken);

    public abstract Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken);

    public abstract Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="callback"/> as a turn in an existing conversation (proactive messaging).</summary>
    public abstract Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken);
}
