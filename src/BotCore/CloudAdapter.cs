using System.Text.Json;
using BotCore.Authentication;
using BotCore.Connector;
using BotCore.Hosting;
using BotCore.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore;

/// <summary>
/// Speaks the Bot Framework Connector protocol: authenticates inbound activities from <c>POST /api/messages</c>,
/// runs the turn, answers invokes in the HTTP response, and sends through <see cref="IConnectorClient"/>.
/// </summary>
public partial class CloudAdapter : BotAdapter
{
    private const int ReadChunkBytes = 16 * 1024;

    private readonly BotAuthenticator _authenticator;
    private readonly IServiceProvider _services;
    private readonly BotOptions _options;
    private readonly ILogger _logger;

    public CloudAdapter(BotAuthenticator authenticator, IServiceProvider services, IOptions<BotOptions> options, ILogger<CloudAdapter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    // The connector is a typed HttpClient: resolved per use so the factory can rotate its handlers, which a
    // singleton holding one instance would pin forever.
    private IConnectorClient Connector => _services.GetRequiredService<IConnectorClient>();

    /// <summary>Handles one <c>POST /api/messages</c>. The bot runs only for an authenticated, well-formed activity.</summary>
    public async Task ProcessAsync(HttpRequest request, HttpResponse response, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(bot);

        var authorization = request.Headers.Authorization.ToString();
        if (_options.IsAuthenticationDisabled)
        {
            // Without an app id nothing proves who is calling, so only this machine may call.
            var remote = request.HttpContext.Connection.RemoteIpAddress;
            if (remote is not null && !System.Net.IPAddress.IsLoopback(remote))
            {
                LogRejected(_logger, "UnauthenticatedRemoteCaller", null);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }
        else if (!BotAuthenticator.HasBearerToken(authorization))
        {
            LogRejected(_logger, "MissingBearerToken", null);
            Unauthorized(response);
            return;
        }

        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            LogRejected(_logger, "BodyTooLarge", null);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var activity = ReadActivity(body);
        if (activity is null)
        {
            LogRejected(_logger, "NotAnActivity", null);
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var authentication = await _authenticator.AuthenticateAsync(authorization, activity, cancellationToken).ConfigureAwait(false);
        if (!authentication.Succeeded)
        {
            LogRejected(_logger, authentication.FailureReason, activity.Id);
            Unauthorized(response);
            return;
        }

        var turnContext = new TurnContext(this, activity);
        turnContext.TurnState.Set(authentication.Identity!);
        await RunTurnAsync(turnContext, bot.OnTurnAsync, isProactive: false, cancellationToken).ConfigureAwait(false);

        if (activity.Type == ActivityTypes.Invoke)
        {
            // Invokes are answered in this HTTP response; a bot that set no answer did not handle the invoke.
            var invokeResponse = turnContext.InvokeResponse;
            response.StatusCode = invokeResponse?.Status ?? StatusCodes.Status501NotImplemented;
            if (invokeResponse?.Body is { } invokeBody)
            {
                response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(response.Body, invokeBody, invokeBody.GetType(), BotJson.Options, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
    }

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);

        var responses = new ResourceResponse[activities.Count];
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            var (serviceUrl, conversationId) = Address(activity);
            var result = string.IsNullOrEmpty(activity.ReplyToId)
                ? await Connector.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false)
                : await Connector.ReplyToActivityAsync(serviceUrl, conversationId, activity.ReplyToId, activity, cancellationToken).ConfigureAwait(false);
            responses[i] = result.EnsureSuccess();
        }

        return responses;
    }

    public override async Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentException.ThrowIfNullOrEmpty(activity.Id, nameof(activity));

        var (serviceUrl, conversationId) = Address(activity);
        var result = await Connector.UpdateActivityAsync(serviceUrl, conversationId, activity.Id, activity, cancellationToken).ConfigureAwait(false);
        return result.EnsureSuccess();
    }

    public override async Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(reference.ActivityId, nameof(reference));
        ArgumentException.ThrowIfNullOrEmpty(reference.ServiceUrl, nameof(reference));
        ArgumentException.ThrowIfNullOrEmpty(reference.Conversation?.Id, nameof(reference));

        var result = await Connector.DeleteActivityAsync(reference.ServiceUrl, reference.Conversation.Id, reference.ActivityId, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess();
    }

    /// <summary>
    /// Runs <paramref name="callback"/> as a turn in a conversation the bot already has (a stored reference).
    /// What it sends goes to the conversation, not as a reply. A failure is logged with a correlation id and rethrown
    /// so the caller (a scheduler) can record it; nothing is sent to the user, who did not ask for this turn.
    /// </summary>
    public override Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);

        return RunTurnAsync(new TurnContext(this, reference.CreateContinuationActivity()), callback, isProactive: true, cancellationToken);
    }

    /// <summary>
    /// Called when a turn throws, after the exception has been logged under <paramref name="correlationId"/>.
    /// The default tells the user, briefly and without detail, that something failed and gives the id to quote.
    /// </summary>
    protected virtual async Task OnTurnErrorAsync(ITurnContext turnContext, Exception exception, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);

        var apology = $"Sorry, something went wrong on my side. If it keeps happening, give your administrator this reference: {correlationId}";
        if (turnContext.Activity.Type == ActivityTypes.Invoke)
        {
            turnContext.InvokeResponse ??= new InvokeResponse(
                StatusCodes.Status500InternalServerError,
                AdaptiveCardInvokeResponse.Error(StatusCodes.Status500InternalServerError, "InternalError", apology));
        }

        await turnContext.SendActivityAsync(ActivityExtensions.CreateMessage(apology), cancellationToken).ConfigureAwait(false);
    }

    private async Task RunTurnAsync(TurnContext turnContext, Func<ITurnContext, CancellationToken, Task> callback, bool isProactive, CancellationToken cancellationToken)
    {
        try
        {
            await callback(turnContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var correlationId = Guid.NewGuid().ToString("N")[..12];
            var activity = turnContext.Activity;
            LogTurnFailed(_logger, exception, correlationId, activity.Type, activity.Id, activity.Conversation?.Id);
            if (isProactive)
            {
                throw;
            }

            try
            {
                await OnTurnErrorAsync(turnContext, exception, correlationId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception handlerException) when (!(handlerException is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                LogTurnErrorHandlerFailed(_logger, handlerException, correlationId);
            }
        }
    }

    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ReadChunkBytes];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static Activity? ReadActivity(byte[] body)
    {
        try
        {
            var activity = JsonSerializer.Deserialize<Activity>(body, BotJson.Options);
            return string.IsNullOrWhiteSpace(activity?.Type) ? null : activity;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string ServiceUrl, string ConversationId) Address(Activity activity)
    {
        if (string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            throw new InvalidOperationException("An outgoing activity needs a serviceUrl and a conversation id.");
        }

        return (activity.ServiceUrl, activity.Conversation.Id);
    }

    private static void Unauthorized(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Bearer";
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Inbound request rejected: {Reason}, activity {ActivityId}")]
    private static partial void LogRejected(ILogger logger, string? reason, string? activityId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Turn failed, correlation id {CorrelationId}, activity type {ActivityType}, activity {ActivityId}, conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string correlationId, string? activityType, string? activityId, string? conversationId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Turn error handler failed, correlation id {CorrelationId}")]
    private static partial void LogTurnErrorHandlerFailed(ILogger logger, Exception exception, string correlationId);
}
