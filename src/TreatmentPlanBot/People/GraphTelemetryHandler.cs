using System.Diagnostics;
using System.Net;
using BotCore.Telemetry;
using TreatmentPlanBot.Hosting;

namespace TreatmentPlanBot.People;

/// <summary>
/// One span per Microsoft Graph request as sent (each retry is its own): <c>graph {method} {resource}</c>, where the
/// resource is the first segment of the path (<c>users</c>, <c>appCatalogs</c>): the rest of a Graph path and its query
/// carry ids of people and search text, so neither is recorded. Counts 429s and retries with the runtime's metrics.
/// </summary>
internal sealed class GraphTelemetryHandler : DelegatingHandler
{
    private const string Service = "graph";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var resource = Resource(request.RequestUri);
        using var span = TreatmentPlanBotTelemetry.Source.StartActivity($"graph {request.Method.Method} {resource}", ActivityKind.Client);
        span?.SetTag("http.request.method", request.Method.Method);
        span?.SetTag("graph.resource", resource);
        if (request.Headers.Contains("Retry-Attempt"))
        {
            // The Graph SDK's retry handler marks each retried request.
            BotTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("botcore.service", Service));
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            span?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                span?.SetStatus(ActivityStatusCode.Error, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                BotTelemetry.CountThrottled(Service);
            }

            return response;
        }
        catch (Exception e)
        {
            BotTelemetry.RecordFailure(span, e);
            throw;
        }
    }

    /// <summary>"users" from https://graph.microsoft.com/v1.0/users/{id}/teamwork/installedApps.</summary>
    internal static string Resource(Uri? uri)
    {
        var segments = uri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var first = segments.SkipWhile(s => s is "v1.0" or "beta").FirstOrDefault();
        return first is not null && first.All(char.IsAsciiLetter) ? first : "other";
    }
}
