using System.Collections.Concurrent;
using BotCore.Connector;
using BotCore.Schema;

namespace BotCore.Tests.Hosting.Support;

/// <summary>Stands in for the Bot Connector service in the cloud: records what the bot sends.</summary>
public sealed class RecordingConnectorClient : IConnectorClient
{
    private int _nextId;

    public ConcurrentQueue<SentCall> Calls { get; } = new();

    public IReadOnlyList<Activity> SentActivities => Calls.Where(c => c.Activity is not null && c.Operation is "send" or "reply").Select(c => c.Activity!).ToList();

    public Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        Record(new SentCall("send", serviceUrl, conversationId, null, activity));

    public Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default) =>
        Record(new SentCall("reply", serviceUrl, conversationId, replyToId, activity));

    public Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        Record(new SentCall("update", serviceUrl, conversationId, activityId, activity));

    public Task<ConnectorResult<bool>> DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(new SentCall("delete", serviceUrl, conversationId, activityId, null));
        return Task.FromResult(ConnectorResult<bool>.Ok(true));
    }

    public Task<ConnectorResult<IReadOnlyList<ChannelAccount>>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<ConnectorResult<ChannelAccount>> GetConversationMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    private Task<ConnectorResult<ResourceResponse>> Record(SentCall call)
    {
        Calls.Enqueue(call);
        return Task.FromResult(ConnectorResult<ResourceResponse>.Ok(new ResourceResponse($"sent-{Interlocked.Increment(ref _nextId)}")));
    }
}

/// <summary>One outbound call: "send", "reply", "update" or "delete"; <paramref name="ActivityId"/> is the replyToId or the target.</summary>
public sealed record SentCall(string Operation, string ServiceUrl, string ConversationId, string? ActivityId, Activity? Activity);
