using System.Diagnostics;
using BotCore.Scheduling;

namespace BotCore.Telemetry;

/// <summary>
/// The span of one scheduled work handler run (<c>scheduled work {kind}</c>) and its metrics: how late it started
/// after it was due (scheduler lag), and its outcome. Attributes: the kind, the attempt, the outcome and its reason
/// code; never the item's id or payload (the payload names people).
/// </summary>
internal sealed class ScheduledWorkTelemetry : IDisposable
{
    private readonly Activity? _span;
    private readonly string _kind;

    private ScheduledWorkTelemetry(string kind, int attempt, TimeSpan lag)
    {
        _kind = kind;
        _span = BotTelemetry.Source.StartActivity($"scheduled work {kind}", ActivityKind.Internal);
        _span?.SetTag("botcore.scheduled_work.kind", kind);
        _span?.SetTag("botcore.scheduled_work.attempt", attempt);
        // "Run now" in Development runs items before they are due: that is not lag.
        if (lag >= TimeSpan.Zero)
        {
            _span?.SetTag("botcore.scheduled_work.lag_ms", (long)lag.TotalMilliseconds);
            BotTelemetry.SchedulerLag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>("botcore.scheduled_work.kind", kind));
        }
    }

    public static ScheduledWorkTelemetry Start(string kind, int attempt, TimeSpan lag) => new(kind, attempt, lag);

    /// <summary>Null: the host stopped during the run and the item was released.</summary>
    public void Finished(WorkOutcome? outcome)
    {
        var (name, reason) = outcome switch
        {
            null => ("released", null),
            DoneOutcome => ("done", null),
            RetryOutcome retry => ("retry", retry.ReasonCode),
            ThrottledOutcome => ("throttled", null),
            FailedOutcome failed => ("failed", failed.ReasonCode),
            _ => ("unknown", null),
        };
        _span?.SetTag("botcore.scheduled_work.outcome", name);
        _span?.SetTag("botcore.scheduled_work.reason", reason);
        if (outcome is FailedOutcome or RetryOutcome)
        {
            _span?.SetStatus(ActivityStatusCode.Error, reason);
        }

        BotTelemetry.ScheduledWorkRuns.Add(1, new KeyValuePair<string, object?>("botcore.scheduled_work.kind", _kind), new KeyValuePair<string, object?>("botcore.scheduled_work.outcome", name));
    }

    public void Dispose() => _span?.Dispose();
}
