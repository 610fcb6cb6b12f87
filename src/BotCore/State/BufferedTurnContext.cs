using BotCore.Schema;

namespace BotCore.State;

/// <summary>One attempt of a turn: same activity and turn state as the real turn, output held in a <see cref="BufferingAdapter"/>.</summary>
internal sealed class BufferedTurnContext(ITurnContext outer, BufferingAdapter buffer) : ITurnContext
{
    public BotAdapter Adapter => buffer;

    public Activity Activity => outer.Activity;

    public TurnState TurnState => outer.TurnState;

    public bool Responded { get; private set; }

    public InvokeResponse? InvokeResponse { get; set; }

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        var responses = await SendActivitiesAsync([activity], cancellationToken).ConfigureAwait(false);
        return responses.Length > 0 ? responses[0] : new ResourceResponse(null);
    }

    public async Task<ResourceResponse[]> SendActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var responses = await buffer.SendActivitiesAsync(this, activities, cancellationToken).ConfigureAwait(false);
        if (activities.Any(a => a.Type != ActivityTypes.Typing))
        {
            Responded = true;
        }

        return responses;
    }

    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default) =>
        buffer.UpdateActivityAsync(this, activity, cancellationToken);

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        return buffer.DeleteActivityAsync(this, new ConversationReference { ActivityId = activityId }, cancellationToken);
    }
}
