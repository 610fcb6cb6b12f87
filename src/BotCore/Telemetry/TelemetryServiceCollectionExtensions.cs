using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BotCore.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard OTLP variable; per-signal endpoints (…_TRACES_ENDPOINT and the like) also turn the exporter on.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Set by Azure (App Service, Container Apps with Application Insights) or by hand.</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// Exports the runtime's and the application's traces, metrics and logs when an exporter is configured: OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a per-signal endpoint) is set, configured by the standard <c>OTEL_*</c>
    /// settings; Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; both when both are. With
    /// neither, no provider is registered and instrumentation costs next to nothing (nobody listens).
    /// </summary>
    public static IServiceCollection AddBotTelemetry(this IServiceCollection services, IConfiguration configuration, BotTelemetrySetup setup)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(setup);

        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        services.AddSingleton(setup);
        services.AddSingleton<DevelopmentCounters>();

        var otlp = configuration.AsEnumerable().Any(setting =>
            setting.Key.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.OrdinalIgnoreCase)
            && setting.Key.EndsWith("ENDPOINT", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(setting.Value));
        var applicationInsights = configuration[ApplicationInsightsSetting];
        if (!otlp && string.IsNullOrWhiteSpace(applicationInsights))
        {
            return services;
        }

        var builder = services.AddOpenTelemetry().WithBotSignals(setup);
        if (otlp)
        {
            builder.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(applicationInsights))
        {
            builder
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = applicationInsights))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = applicationInsights))
                .WithLogging(logging => logging.AddAzureMonitorLogExporter(o => o.ConnectionString = applicationInsights));
        }

        return services;
    }

    /// <summary>
    /// The signals without an exporter: the runtime's and the application's sources and meters, ASP.NET Core's request
    /// spans and metrics, and logs whose identifier attributes are hashed before any exporter sees them. Tests add an
    /// in-memory exporter after this.
    /// </summary>
    public static OpenTelemetryBuilder WithBotSignals(this OpenTelemetryBuilder builder, BotTelemetrySetup setup)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);

        return builder
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
                {
                    resource.AddService(setup.ServiceName);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource([.. setup.AllSources])
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Probes every few seconds are noise.
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/readyz");
                    // A path can carry ids (a conversation's, in the Bot Connector's own shape): only its route template is
                    // kept. The query string is redacted by the instrumentation itself.
                    o.EnrichWithHttpResponse = (activity, _) => activity.SetTag("url.path", activity.GetTagItem("http.route"));
                }))
            .WithMetrics(metrics => metrics
                .AddMeter([.. setup.AllSources])
                .AddAspNetCoreInstrumentation())
            .WithLogging(logging => logging.AddProcessor(services => new IdentifierHashingProcessor(
                setup.AllIdentifierAttributes, services.GetRequiredService<IOptions<TelemetryOptions>>().Value.IdentifierHashKey)));
    }
}
