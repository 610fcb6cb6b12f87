using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BotCore.Schema;
using BotCore.Telemetry;
using Microsoft.Extensions.Logging;
using MsalException = Microsoft.Identity.Client.MsalException;
using Polly.Timeout;

namespace BotCore.Connector;

/// <summary>
/// Bot Connector REST v3 over HttpClient (typed client from IHttpClientFactory; the retry pipeline sits in its handlers).
/// Sends into a conversation wait their turn at the <see cref="ConversationSendPacer"/>.
/// </summary>
public sealed partial class ConnectorClient(
    HttpClient httpClient,
    IAccessTokenProvider tokens,
    ConversationSendPacer pacer,
    TrustedServiceUrls trustedServiceUrls,
    ILogger<ConnectorClient> logger) : IConnectorClient
{
    /// <summary>Teams answers 403 with these codes when the user blocked the bot or never installed the app.</summary>
    private static readonly HashSet<string> BlockedCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "MessageWritesBlocked",
        "BotNotInConversationRoster",
    };

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public Task<ConnectorResult<ConversationResourceResponse>> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SendAsync(nameof(CreateConversationAsync), HttpMethod.Post, Address(serviceUrl), parameters, pacedConversationId: null, ReadJson<ConversationResourceResponse>, cancellationToken);
    }

    public Task<ConnectorResult<ResourceResponse>> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return SendAsync(nameof(SendToConversationAsync), HttpMethod.Post, Address(serviceUrl, conversationId, "activities"), activity, conversationId, ReadResource, cancellationToken);
    }

    public Task<ConnectorResult<ResourceResponse>> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentException.ThrowIfNullOrEmpty(replyToId);
        return SendAsync(nameof(ReplyToActivityAsync), HttpMethod.Post, Address(serviceUrl, conversationId, "activities", replyToId), activity, conversationId, ReadResource, cancellationToken);
    }

    public Task<ConnectorResult<ResourceResponse>> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        return SendAsync(nameof(UpdateActivityAsync), HttpMethod.Put, Address(serviceUrl, conversationId, "activities", activityId), activity, conversationId, ReadResource, cancellationToken);
    }

    public Task<ConnectorResult<bool>> DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        return SendAsync(nameof(DeleteActivityAsync), HttpMethod.Delete, Address(serviceUrl, conversationId, "activities", activityId), body: null, conversationId, (_, _) => Task.FromResult(true), cancellationToken);
    }

    public Task<ConnectorResult<IReadOnlyList<ChannelAccount>>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken = default) =>
        SendAsync(nameof(GetConversationMembersAsync), HttpMethod.Get, Address(serviceUrl, conversationId, "members"), body: null, pacedConversationId: null, ReadMembers, cancellationToken);

    public Task<ConnectorResult<ChannelAccount>> GetConversationMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        return SendAsync(nameof(GetConversationMemberAsync), HttpMethod.Get, Address(serviceUrl, conversationId, "members", memberId), body: null, pacedConversationId: null, ReadJson<ChannelAccount>, cancellationToken);
    }

    /// <summary>
    /// {serviceUrl}/v3/conversations[/{conversationId}/{segment}[/{id}]], each id escaped as one path segment:
    /// Teams conversation ids carry ':', ';' and '@' (e.g. "19:abc@thread.tacv2;messageid=1").
    /// </summary>
    private static Uri Address(string serviceUrl, string? conversationId = null, string? segment = null, string? id = null)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service) || (service.Scheme != Uri.UriSchemeHttps && service.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The service URL must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        var path = serviceUrl.TrimEnd('/') + "/v3/conversations";
        if (conversationId is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(conversationId);
            path += "/" + Uri.EscapeDataString(conversationId) + "/" + segment;
            if (id is not null)
            {
                path += "/" + Uri.EscapeDataString(id);
            }
        }

        return new Uri(path);
    }

    private async Task<ConnectorResult<T>> SendAsync<T>(
        string operation,
        HttpMethod method,
        Uri address,
        object? body,
        string? pacedConversationId,
        Func<HttpContent, CancellationToken, Task<T>> readValue,
        CancellationToken cancellationToken)
    {
        using var telemetry = ConnectorTelemetry.Start(operation);
        var result = await SendCoreAsync(operation, method, address, body, pacedConversationId, readValue, cancellationToken).ConfigureAwait(false);
        telemetry.Finished(result.Outcome, result.StatusCode, result.ErrorCode);
        return result;
    }

    private async Task<ConnectorResult<T>> SendCoreAsync<T>(
        string operation,
        HttpMethod method,
        Uri address,
        object? body,
        string? pacedConversationId,
        Func<HttpContent, CancellationToken, Task<T>> readValue,
        CancellationToken cancellationToken)
    {
        // Nothing goes to an address the channel does not own: not the token, not the message, not a proactive alert.
        if (!trustedServiceUrls.IsTrusted(address.AbsoluteUri))
        {
            var insecure = address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback;
            Log.UntrustedServiceUrl(logger, operation, address.Host);
            return Failure<T>(ConnectorOutcome.Failed, 0, insecure ? "InsecureServiceUrl" : "UntrustedServiceUrl");
        }

        string? token;
        try
        {
            token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MsalException ex)
        {
            Log.TokenUnavailable(logger, operation, ex.ErrorCode);
            return Failure<T>(ConnectorOutcome.Failed, 0, "TokenUnavailable");
        }

        // A bearer token never travels in clear text beyond this machine.
        if (token is not null && address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback)
        {
            Log.InsecureServiceUrl(logger, operation);
            return Failure<T>(ConnectorOutcome.Failed, 0, "InsecureServiceUrl");
        }

        if (pacedConversationId is not null)
        {
            await pacer.WaitForTurnAsync(pacedConversationId, cancellationToken).ConfigureAwait(false);
        }

        using var request = new HttpRequestMessage(method, address);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            // Buffered, so the retry pipeline can send the same bytes again.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BotJson.Options));
            request.Content.Headers.ContentType = Json;
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            Log.TransportFailed(logger, operation, ex.GetType().Name);
            return Failure<T>(ConnectorOutcome.Failed, 0, ex is TimeoutRejectedException ? "Timeout" : "TransportFailure");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return ConnectorResult<T>.Ok(await readValue(response.Content, cancellationToken).ConfigureAwait(false), status);
                }
                catch (JsonException)
                {
                    Log.UnreadableResponse(logger, operation, status);
                    return Failure<T>(ConnectorOutcome.Failed, status, "UnreadableResponse");
                }
            }

            var code = await ReadErrorCodeAsync(response.Content, cancellationToken).ConfigureAwait(false);
            var outcome = response.StatusCode switch
            {
                HttpStatusCode.Forbidden when code is not null && BlockedCodes.Contains(code) => ConnectorOutcome.Blocked,
                HttpStatusCode.NotFound => ConnectorOutcome.NotFound,
                _ => ConnectorOutcome.Failed,
            };
            Log.CallFailed(logger, operation, status, code ?? "-", outcome);
            return Failure<T>(outcome, status, code);
        }
    }

    private static ConnectorResult<T> Failure<T>(ConnectorOutcome outcome, int status, string? code) => new(outcome, default, status, code);

    private static async Task<T> ReadJson<T>(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<T>(bytes, BotJson.Options) ?? throw new JsonException("The response body is null.");
    }

    /// <summary>Some channels answer a send with an empty body; the send still happened.</summary>
    private static async Task<ResourceResponse> ReadResource(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return bytes.Length == 0 ? new ResourceResponse(null) : JsonSerializer.Deserialize<ResourceResponse>(bytes, BotJson.Options) ?? new ResourceResponse(null);
    }

    private static async Task<IReadOnlyList<ChannelAccount>> ReadMembers(HttpContent content, CancellationToken cancellationToken) =>
        await ReadJson<List<ChannelAccount>>(content, cancellationToken).ConfigureAwait(false);

    /// <summary>The error code from <c>{"error":{"code":"...","message":"..."}}</c>; the message is never read, it may quote content.</summary>
    private static async Task<string?> ReadErrorCodeAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                    ? code.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Connector {Operation} failed: HTTP {StatusCode}, code {ErrorCode}, outcome {Outcome}")]
        public static partial void CallFailed(ILogger logger, string operation, int statusCode, string errorCode, ConnectorOutcome outcome);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Connector {Operation} failed in transport after retries: {Failure}")]
        public static partial void TransportFailed(ILogger logger, string operation, string failure);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Connector {Operation}: no access token (MSAL error {MsalError})")]
        public static partial void TokenUnavailable(ILogger logger, string operation, string msalError);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Connector {Operation} refused: a token would be sent to a non-https service URL")]
        public static partial void InsecureServiceUrl(ILogger logger, string operation);

        [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Connector {Operation} refused: service host {ServiceHost} is not a trusted service host")]
        public static partial void UntrustedServiceUrl(ILogger logger, string operation, string serviceHost);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Connector {Operation}: HTTP {StatusCode} with an unreadable body")]
        public static partial void UnreadableResponse(ILogger logger, string operation, int statusCode);
    }
}
