using System.Net;
using Microsoft.Graph;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace TreatmentPlanBot.People;

/// <summary>
/// The HttpClient under every GraphServiceClient: the SDK's own middleware (OData parameter names, redirects,
/// telemetry) with its retry handler bounded by our settings.
/// </summary>
internal static class GraphHttp
{
    public static HttpClient Create(GraphOptions options, TimeProvider time, HttpMessageHandler? transport = null)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retry = handlers.ToList().FindIndex(h => h is RetryHandler);
        var bounded = new RetryHandler(new RetryHandlerOption
        {
            MaxRetry = options.MaxRetryAttempts,
            // Seconds; doubled each attempt when Graph sends no Retry-After (a 503 or 504 usually).
            Delay = 2,
            ShouldRetry = (_, _, response) => ShouldRetry(response, options.MaxRetryDelay, time),
        });
        if (retry >= 0)
        {
            handlers[retry] = bounded;
        }
        else
        {
            handlers.Insert(0, bounded);
        }

        // Last, next to the transport: one span per request as sent, retries included.
        handlers.Add(new GraphTelemetryHandler());
        var pipeline = GraphClientFactory.CreatePipeline(handlers, transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return new HttpClient(pipeline) { Timeout = TimeSpan.FromSeconds(100) };
    }

    /// <summary>
    /// Graph's throttling answers (429) and passing server trouble (503, 504) are retried after the Retry-After Graph
    /// asks for; a wait longer than <paramref name="maxDelay"/> is not held in a clinician's turn: the call returns the
    /// 429 and the caller says when to try again.
    /// </summary>
    internal static bool ShouldRetry(HttpResponseMessage response, TimeSpan maxDelay, TimeProvider time) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
        && (RetryAfter(response.Headers.RetryAfter, time.GetUtcNow()) is not { } wait || wait <= maxDelay);

    internal static TimeSpan? RetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta ?? (header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null);
}
