using System.Text.Json;
using BotCore.Authentication;
using BotCore.Connector;
using BotCore.Hosting;
using BotCore.Schema;
using BotCore.Telemetry;
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
    private readonly TrustedServiceUrls _trustedServiceUrls;

    public CloudAdapter(BotAuthenticator authenticator, IServiceProvider services, IOptions<BotOptions> options, ILogger<CloudAdapter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _trustedServiceUrls = services.GetRequiredService<TrustedServiceUrls>();
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

        var (activity, flaw) = InboundActivity.Read(body);
        if (activity is null || flaw is not null)
        {
            // Only the reason: the activity id itself may be what is malformed.
            LogRejected(_logger, flaw, null);
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

        if (IsRefusedByPolicy(activity))
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
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
    /// A storage outage gets <see cref="TurnErrorOptions.StorageUnavailableMessage"/> (the turn's state was not saved, so
    /// sending the same again works once storage is back); anything else a brief apology with the id to quote.
    /// </summary>
    protected virtual async Task OnTurnErrorAsync(ITurnContext turnContext, Exception exception, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);

        if (exception is Storage.StorageException { Kind: Storage.StorageErrorKind.Unavailable })
        {
            var outage = (_services.GetService<IOptions<TurnErrorOptions>>()?.Value ?? new TurnErrorOptions()).StorageUnavailableMessage;
            if (turnContext.Activity.Type == ActivityTypes.Invoke)
            {
                turnContext.InvokeResponse ??= new InvokeResponse(StatusCodes.Status200OK, AdaptiveCardInvokeResponse.Message(outage));
                return;
            }

            await turnContext.SendActivityAsync(outage, cancellationToken).ConfigureAwait(false);
            return;
        }

        var apology = $"Sorry, something went wrong on my side. If it keeps happening, give your administrator this reference: {correlationId}";
        if (turnContext.Activity.Type == ActivityTypes.Invoke)
        {
            turnContext.InvokeResponse ??= new InvokeResponse(
                StatusCodes.Status500InternalServerError,
                AdaptiveCardInvokeResponse.Error(StatusCodes.Status500InternalServerError, "InternalError", apology));
        }

        await turnContext.SendActivityAsync(apology, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunTurnAsync(TurnContext turnContext, Func<ITurnContext, CancellationToken, Task> callback, bool isProactive, CancellationToken cancellationToken)
    {
        using var telemetry = TurnTelemetry.Start(turnContext.Activity, isProactive);
        try
        {
            await callback(turnContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var correlationId = Guid.NewGuid().ToString("N")[..12];
            telemetry.Failed(exception, correlationId);
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

    /// <summary>
    /// Who may talk to the bot, checked after authentication and before any bot code: an allowed channel, a trusted
    /// service URL (the bot answers there, with its token), an allowed tenant. Each refusal is logged here; a refused
    /// tenant is the audit record (<see cref="LogTenantRefused"/>: ids only, never content).
    /// </summary>
    private bool IsRefusedByPolicy(Activity activity)
    {
        if (!_options.EffectiveChannels.Any(c => string.Equals(c.Trim(), activity.ChannelId, StringComparison.OrdinalIgnoreCase)))
        {
            LogRejected(_logger, "ChannelNotAllowed", activity.Id);
            return true;
        }

        if (!_trustedServiceUrls.IsTrusted(activity.ServiceUrl))
        {
            LogRejected(_logger, "UntrustedServiceUrl", activity.Id);
            return true;
        }

        var tenantId = activity.GetTenantId();
        if (_options.EffectiveTenants is { } tenants && (tenantId is null || !tenants.Any(t => string.Equals(t.Trim(), tenantId, StringComparison.OrdinalIgnoreCase))))
        {
            LogTenantRefused(_logger, "TenantNotAllowed", tenantId, activity.ChannelId, activity.Id, activity.Conversation?.Id, activity.From?.AadObjectId);
            return true;
        }

        return false;
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

    /// <summary>The audit record of an activity from a tenant the bot does not serve. Event id 4, ids only.</summary>
    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Inbound activity refused: {Reason}, tenant {TenantId}, channel {ChannelId}, activity {ActivityId}, conversation {ConversationId}, user {UserAadObjectId}")]
    private static partial void LogTenantRefused(ILogger logger, string reason, string? tenantId, string? channelId, string? activityId, string? conversationId, string? userAadObjectId);
}
