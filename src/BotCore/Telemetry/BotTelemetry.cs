using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BotCore.Telemetry;

/// <summary>
/// The runtime's traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Attributes are kinds, operations, table names, status codes and outcomes. Never a key, an id of
/// a person or a conversation, message text or a URL (keys and URLs carry ids): a span or a metric label leaves the
/// clinic's tenant for whatever backend the exporter names.
/// </summary>
public static class BotTelemetry
{
    public const string Name = "BotCore";

    public static ActivitySource Source { get; } = new(Name, typeof(BotTelemetry).Assembly.GetName().Version?.ToString());

    public static Meter Meter { get; } = new(Name, typeof(BotTelemetry).Assembly.GetName().Version?.ToString());

    public static Counter<long> Turns { get; } = Meter.CreateCounter<long>("botcore.turns", "{turn}", "Turns run, inbound and proactive.");

    public static Histogram<double> TurnDuration { get; } = Meter.CreateHistogram<double>("botcore.turn.duration", "s", "Time from an activity's arrival to the end of its turn.");

    public static Counter<long> TurnFailures { get; } = Meter.CreateCounter<long>("botcore.turn.failures", "{turn}", "Turns that threw.");

    public static Counter<long> StateRaces { get; } = Meter.CreateCounter<long>("botcore.turn.state_races", "{attempt}", "Turn attempts run again because another turn saved the conversation's state first.");

    public static Counter<long> StorageOperations { get; } = Meter.CreateCounter<long>("botcore.storage.operations", "{operation}", "Storage round trips (reads, queries, writes, batches).");

    public static Histogram<double> StorageDuration { get; } = Meter.CreateHistogram<double>("botcore.storage.duration", "s", "Time of one storage round trip.");

    public static Histogram<double> ConnectorDuration { get; } = Meter.CreateHistogram<double>("botcore.connector.duration", "s", "Time of one Bot Connector call, retries included.");

    public static Counter<long> Retries { get; } = Meter.CreateCounter<long>("botcore.retries", "{retry}", "Outbound requests sent again after a transient answer.");

    public static Counter<long> Throttled { get; } = Meter.CreateCounter<long>("botcore.throttled", "{response}", "429 answers from a service the bot calls.");

    public static Histogram<double> SchedulerLag { get; } = Meter.CreateHistogram<double>("botcore.scheduled_work.lag", "s", "How late scheduled work starts after it was due.");

    public static Counter<long> ScheduledWorkRuns { get; } = Meter.CreateCounter<long>("botcore.scheduled_work.runs", "{run}", "Scheduled work handler runs, by kind and outcome.");

    /// <summary>Outcome attribute values: a short word, never an exception message (messages can quote data).</summary>
    public static class Outcomes
    {
        public const string Ok = "ok";
        public const string Error = "error";
    }

    /// <summary>Marks <paramref name="activity"/> failed with the exception's type name only.</summary>
    public static void RecordFailure(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>Counts a 429 from <paramref name="service"/> ("connector", "graph", ...).</summary>
    public static void CountThrottled(string service) => Throttled.Add(1, new KeyValuePair<string, object?>("botcore.service", service));
}
