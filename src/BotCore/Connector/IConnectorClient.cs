using BotCore.Schema;

namespace BotCore.Connector;

/// <summary>
/// Outbound calls to the Bot Connector service at an activity's serviceUrl (REST v3).
/// Transient failures (429, 412, 502, 504) are retried inside; what comes back is the final outcome.
/// </summary>
public interface IConnectorClient
{
    Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);

    Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default);

    Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    Task<ConnectorResult<bool>> DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default);

    Task<ConnectorResult<IReadOnlyList<ChannelAccount>>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken = default);

    Task<ConnectorResult<ChannelAccount>> GetConversationMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default);
}

public enum ConnectorOutcome
{
    Success,
    /// <summary>403: the user blocked the bot or never installed the app (MessageWritesBlocked, BotNotInConversationRoster). Not retried.</summary>
    Blocked,
    /// <summary>404: the conversation or activity is gone.</summary>
    NotFound,
    /// <summary>Retries ran out on a transient failure, or another error status came back.</summary>
    Failed,
}

/// <summary>The outcome of a connector call: a value on success, otherwise what went wrong (status and error code, no message content).</summary>
public sealed record ConnectorResult<T>(ConnectorOutcome Outcome, T? Value, int StatusCode, string? ErrorCode = null)
{
    public bool IsSuccess => Outcome == ConnectorOutcome.Success;

    public static ConnectorResult<T> Ok(T value, int statusCode = 200) => new(ConnectorOutcome.Success, value, statusCode);

    /// <summary>The value, or a <see cref="ConnectorException"/> describing the failure.</summary>
    public T EnsureSuccess() => IsSuccess ? Value! : throw new ConnectorException(Outcome, StatusCode, ErrorCode);
}

public sealed class ConnectorException(ConnectorOutcome outcome, int statusCode, string? errorCode)
    : Exception($"Connector call failed: {outcome} (HTTP {statusCode}{(errorCode is null ? string.Empty : ", " + errorCode)}).")
{
    public ConnectorOutcome Outcome { get; } = outcome;

    public int StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;
}
