using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BotCore.Schema;

namespace BotCore.Adapters;

/// <summary>A synthetic Teams user for tests. Defaults are made up; never put a real person here.</summary>
public sealed record TestUser(
    string Id = "29:1synthetic-user-id",
    string AadObjectId = "00000000-0000-4000-8000-0000000000a1",
    string Name = "Sam Sample");

/// <summary>What one test turn produced: what the bot sent in reply, and the invoke response if it was an invoke.</summary>
public sealed record TestTurnResult(IReadOnlyList<Activity> Replies, InvokeResponse? InvokeResponse);

/// <summary>
/// An in-memory <see cref="BotAdapter"/>: builds incoming activities shaped as Teams sends them in a personal (1:1)
/// chat, runs turns, and records what the bot sent, updated and deleted. Safe for concurrent turns.
/// </summary>
public sealed class TestAdapter : BotAdapter
{
    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string TenantId = "00000000-0000-4000-8000-0000000000c1";

    private readonly Lock _gate = new();
    private readonly List<Activity> _sent = [];
    private readonly List<Activity> _updated = [];
    private readonly List<ConversationReference> _deleted = [];
    private readonly ConditionalWeakTable<ITurnContext, List<Activity>> _repliesByTurn = [];
    private readonly TimeProvider _timeProvider;
    private int _nextId;

    public TestAdapter(TimeProvider? timeProvider = null, TestUser? user = null, string conversationId = "a:1synthetic-personal-chat")
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        User = user ?? new TestUser();
        Conversation = new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = TeamsServiceUrl,
            Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = TenantId },
            User = new ChannelAccount { Id = User.Id, Name = User.Name, AadObjectId = User.AadObjectId },
            Bot = new ChannelAccount { Id = "28:00000000-0000-4000-8000-0000000000b1", Name = "Test Bot" },
            Locale = "en-GB",
        };
    }

    public TestUser User { get; }

    /// <summary>The personal chat every built activity belongs to.</summary>
    public ConversationReference Conversation { get; }

    public IReadOnlyList<Activity> Sent => Snapshot(_sent);

    public IReadOnlyList<Activity> Updated => Snapshot(_updated);

    public IReadOnlyList<ConversationReference> Deleted => Snapshot(_deleted);

    /// <summary>A message the user typed.</summary>
    public Activity MakeMessage(string text) => MakeActivity(ActivityTypes.Message) with { Text = text, TextFormat = "plain" };

    /// <summary>An Adaptive Card Action.Submit as Teams delivers it: a message with the data (and inputs) as value, no text.</summary>
    public Activity MakeSubmit(object value) => MakeActivity(ActivityTypes.Message) with
    {
        Value = value as JsonElement? ?? JsonSerializer.SerializeToElement(value, BotJson.Options),
    };

    /// <summary>An invoke, e.g. <c>adaptiveCard/action</c> for Action.Execute.</summary>
    public Activity MakeInvoke(string name, object value) => MakeActivity(ActivityTypes.Invoke) with
    {
        Name = name,
        Value = value as JsonElement? ?? JsonSerializer.SerializeToElement(value, BotJson.Options),
    };

    public Activity MakeActivity(string type)
    {
        var now = _timeProvider.GetUtcNow();
        return new Activity
        {
            Type = type,
            Id = "user-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            Timestamp = now,
            LocalTimestamp = now.ToOffset(_timeProvider.LocalTimeZone.GetUtcOffset(now)),
            ServiceUrl = Conversation.ServiceUrl,
            ChannelId = Conversation.ChannelId,
            From = Conversation.User,
            Recipient = Conversation.Bot,
            Conversation = Conversation.Conversation,
            Locale = Conversation.Locale,
            ChannelData = JsonSerializer.SerializeToElement(new TeamsChannelData { Tenant = new TenantInfo(TenantId) }, BotJson.Options),
        };
    }

    /// <summary>Runs one turn of <paramref name="bot"/> on <paramref name="activity"/>.</summary>
    public async Task<TestTurnResult> ProcessActivityAsync(Activity activity, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(bot);
        var turnContext = new TurnContext(this, activity);
        var replies = new List<Activity>();
        _repliesByTurn.Add(turnContext, replies);
        await bot.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return new TestTurnResult([.. replies], turnContext.InvokeResponse);
        }
    }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);
        _repliesByTurn.TryGetValue(turnContext, out var replies);
        var responses = new ResourceResponse[activities.Count];
        lock (_gate)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                var sent = activities[i] with { Id = "bot-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture) };
                _sent.Add(sent);
                replies?.Add(sent);
                responses[i] = new ResourceResponse(sent.Id);
            }
        }

        return Task.FromResult(responses);
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            _updated.Add(activity);
        }

        return Task.FromResult(new ResourceResponse(activity.Id));
    }

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            _deleted.Add(reference);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs a proactive turn: the callback sees an event activity addressed to <paramref name="reference"/>.</summary>
    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        return callback(new TurnContext(this, reference.CreateContinuationActivity()), cancellationToken);
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
