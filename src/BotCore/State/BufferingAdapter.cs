using BotCore.Schema;

namespace BotCore.State;

/// <summary>
/// Holds back what one attempt of a turn sends, updates and deletes until the turn's state is saved, so an attempt
/// that loses a state race leaves no trace in the chat. Typing indicators go out at once: they promise nothing.
/// Ids returned for held-back sends are placeholders (<c>pending:n</c>); an update or delete of a placeholder in the
/// same turn is mapped to the real id when flushed.
/// </summary>
public sealed class BufferingAdapter(ITurnContext outer) : BotAdapter
{
    private const string PendingPrefix = "pending:";
    private readonly List<Func<Dictionary<string, string>, CancellationToken, Task>> _operations = [];
    private readonly Lock _gate = new();

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var responses = new ResourceResponse[activities.Count];
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            if (activity.Type == ActivityTypes.Typing)
            {
                responses[i] = await outer.SendActivityAsync(activity, cancellationToken).ConfigureAwait(false);
                continue;
            }

            lock (_gate)
            {
                var placeholder = PendingPrefix + _operations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _operations.Add(async (ids, ct) =>
                {
                    var sent = await outer.SendActivityAsync(activity, ct).ConfigureAwait(false);
                    if (sent.Id is not null)
                    {
                        ids[placeholder] = sent.Id;
                    }
                });
                responses[i] = new ResourceResponse(placeholder);
            }
        }

        return responses;
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            _operations.Add((ids, ct) => outer.UpdateActivityAsync(activity with { Id = Resolve(ids, activity.Id) }, ct));
        }

        return Task.FromResult(new ResourceResponse(activity.Id));
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            _operations.Add((ids, ct) => outer.DeleteActivityAsync(Resolve(ids, reference.ActivityId)!, ct));
        }

        return Task.CompletedTask;
    }

    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken) =>
        outer.Adapter.ContinueConversationAsync(reference, callback, cancellationToken);

    /// <summary>Sends everything held back, in order, through the real turn context.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<Func<Dictionary<string, string>, CancellationToken, Task>> operations;
        lock (_gate)
        {
            operations = [.. _operations];
            _operations.Clear();
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            await operation(ids, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Resolve(Dictionary<string, string> ids, string? id) =>
        id is not null && ids.TryGetValue(id, out var real) ? real : id;
}
