using System.Diagnostics;
using System.Net;
using BotCore.Connector;

namespace BotCore.Telemetry;

/// <summary>
/// The span of one Bot Connector call (<c>connector {operation}</c>, retries included) and its metrics. Attributes: the
/// operation, the final HTTP status, the outcome and Teams' error code (such as <c>MessageWritesBlocked</c>); never the
/// URL, which carries the conversation id, nor anything of the message.
/// </summary>
internal sealed class ConnectorTelemetry : IDisposable
{
    private const string Service = "connector";

    private readonly Activity? _span;
    private readonly string _operation;
    private readonly long _started = Stopwatch.GetTimestamp();

    private ConnectorTelemetry(string operation)
    {
        _operation = operation;
        _span = BotTelemetry.Source.StartActivity($"connector {operation}", ActivityKind.Client);
        _span?.SetTag("botcore.connector.operation", operation);
    }

    public static ConnectorTelemetry Start(string operation) => new(operation);

    public void Finished(ConnectorOutcome outcome, int statusCode, string? errorCode)
    {
        if (_span is not null)
        {
            _span.SetTag("http.response.status_code", statusCode == 0 ? null : statusCode);
            _span.SetTag("botcore.connector.outcome", outcome.ToString());
            _span.SetTag("botcore.connector.error_code", errorCode);
            if (outcome != ConnectorOutcome.Success)
            {
                _span.SetStatus(ActivityStatusCode.Error, outcome.ToString());
            }
        }

        if (statusCode == (int)HttpStatusCode.TooManyRequests)
        {
            BotTelemetry.CountThrottled(Service);
        }

        BotTelemetry.ConnectorDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, new TagList
        {
            { "botcore.connector.operation", _operation },
            { "botcore.connector.outcome", outcome.ToString() },
            { "http.response.status_code", statusCode },
        });
    }

    /// <summary>One retry of a connector request, after a transient status (null: a transport failure or timeout).</summary>
    public static void Retried(HttpStatusCode? status)
    {
        BotTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("botcore.service", Service), new KeyValuePair<string, object?>("http.response.status_code", status is { } s ? (int)s : 0));
        if (status == HttpStatusCode.TooManyRequests)
        {
            BotTelemetry.CountThrottled(Service);
        }
    }

    public void Dispose() => _span?.Dispose();
}
