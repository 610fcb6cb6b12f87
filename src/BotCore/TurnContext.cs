using BotCore.Schema;

namespace BotCore;

/// <summary>The turn context handed to the bot; outgoing activities are addressed from the incoming one.</summary>
public sealed class TurnContext : ITurnContext
{
    public TurnContext(BotAdapter adapter, Activity activity)
    {
        Adapter = adapter ?? throw new ArgumentNullException(nameof(adapter));
        Activity = activity ?? throw new ArgumentNullException(nameof(activity));
    }

    public BotAdapter Adapter { get; }

    public Activity Activity { get; }

    public TurnState TurnState { get; } = new();

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
        if (activities.Count == 0)
        {
            return [];
        }

        var reference = Activity.GetConversationReference();
        var addressed = activities.Select(a => a.ApplyConversationReference(reference)).ToList();
        var responses = await Adapter.SendActivitiesAsync(this, addressed, cancellationToken).ConfigureAwait(false);
        if (addressed.Any(a => a.Type != ActivityTypes.Typing))
        {
            Responded = true;
        }

        return responses;
    }

    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Adapter.UpdateActivityAsync(this, activity.ApplyConversationReference(Activity.GetConversationReference()), cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var reference = Activity.GetConversationReference() with { ActivityId = activityId };
        return Adapter.DeleteActivityAsync(this, reference, cancellationToken);
    }
}
