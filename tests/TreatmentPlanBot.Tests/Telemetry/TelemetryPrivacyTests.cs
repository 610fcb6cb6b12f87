using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using BotCore.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TreatmentPlanBot.Hosting;
using TreatmentPlanBot.Tests.EndToEnd;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Telemetry;

/// <summary>
/// The clinician journeys (screening, a PHQ-9 with a risk answer and the supervisor's alert, two goals, a plan edited
/// from its card, a refused colleague, a group chat) run with every signal exported to memory, as an OTLP or Azure
/// Monitor exporter would receive it. After each journey every span (name, attributes, events, status), every metric
/// (name, labels) and every log record (category, template, attributes, exception) is scanned for what the journey
/// typed: names, contact details, the client's own words, and the ids of the client, the staff and their chats.
/// </summary>
public sealed partial class TelemetryPrivacyTests : ClinicianJourneyTests, IAsyncLifetime
{
    // Everything the journeys type or are given that identifies or describes a person.
    private static readonly string[] Synthetic =
    [
        "Jamie", "Example", "jamie@example.org", "555 0100", "Jordan", "Casey", "Robin", "Sam Supervisor",
        "Low mood and withdrawal", "losing work", "enjoy my weekends", "football with my brother", "Angry outbursts",
        "stay calm with my kids", "scared of me", "Note each outburst", "Anger management", "counted in a weekly log",
        "outbursts per week", "nonAcute", "Moderately severe",
        "clin-1", "clin-2", "sup-1", "personal-",
    ];

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly ConcurrentQueue<string> _logs = new();
    private int _exportedLogs;

    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite, services: services => services
        .AddOpenTelemetry()
        .WithBotSignals(TreatmentPlanBotTelemetry.Setup)
        .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
        .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics))
        .WithLogging(logging => logging.AddProcessor(new LogText(this))));

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>After each journey (the app is disposed by then: metrics have had their last export).</summary>
    public Task DisposeAsync()
    {
        var spans = _spans.ToList();
        Assert.Contains(spans, s => s.DisplayName == "turn message");
        Assert.Contains(spans, s => s.DisplayName.StartsWith("storage ", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.DisplayName.StartsWith("connector ", StringComparison.Ordinal));
        Assert.Contains(_metrics, m => m.Name == "botcore.turns");
        Assert.Contains(_metrics, m => m.Name == "botcore.storage.operations");
        Assert.True(_exportedLogs > 0, "No log record reached the exporter.");

        var exported = spans.Select(Describe)
            .Concat(_metrics.Select(Describe))
            .Concat(_logs)
            .ToList();
        foreach (var text in exported)
        {
            foreach (var word in Synthetic)
            {
                Assert.False(text.Contains(word, StringComparison.Ordinal), $"Exported telemetry carries \"{word}\": {text}");
            }

            Assert.False(ClientIdPattern().IsMatch(text), $"Exported telemetry carries a client id in clear: {text}");
        }

        return Task.CompletedTask;
    }

    private static string Describe(Activity span) => string.Join(" | ",
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? string.Empty }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}")));

    private static string Describe(MetricSnapshot metric)
    {
        var labels = new List<string> { metric.Name, metric.Description, metric.Unit };
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                labels.Add($"{tag.Key}={tag.Value}");
            }
        }

        return string.Join(" | ", labels);
    }

    [GeneratedRegex("client-[a-z2-7]{10}")]
    private static partial Regex ClientIdPattern();

    /// <summary>Turns each exported log record into text at once: the SDK reuses LogRecord instances.</summary>
    private sealed class LogText(TelemetryPrivacyTests test) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            Interlocked.Increment(ref test._exportedLogs);
            var parts = new List<string> { data.CategoryName ?? string.Empty, data.Body ?? string.Empty, data.FormattedMessage ?? string.Empty, data.Exception?.ToString() ?? string.Empty };
            parts.AddRange((data.Attributes ?? []).Select(a => $"{a.Key}={a.Value}"));
            test._logs.Enqueue(string.Join(" | ", parts));
        }
    }
}
