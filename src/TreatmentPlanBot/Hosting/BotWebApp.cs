using BotCore.Hosting;
using BotCore.Scheduling;
using BotCore.Telemetry;

namespace TreatmentPlanBot.Hosting;

/// <summary>Builds the web app; Program runs it, and the end-to-end tests start the very same app on loopback.</summary>
public static class BotWebApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddTreatmentPlanBot();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapBotEndpoints();
        app.MapScheduledWorkRunNow(); // Development only, loopback only: POST /api/dev/scheduler/run-now
        app.MapDevelopmentCounters(); // Development only, loopback only: GET /api/dev/counters (the load driver's)
        return app;
    }
}
