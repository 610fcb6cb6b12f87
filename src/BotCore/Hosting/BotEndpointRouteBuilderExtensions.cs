using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotCore.Hosting;

public static class BotEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /api/messages</c> (the channel's messaging endpoint), <c>GET /healthz</c> (liveness: the process
    /// answers; checks nothing, so a storage outage does not get the instance restarted) and <c>GET /readyz</c>
    /// (readiness: the table store answers; 200 <c>{"status":"ready"}</c> or 503 <c>{"status":"not ready"}</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapBotEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapPost("/api/messages", httpContext =>
        {
            var adapter = httpContext.RequestServices.GetRequiredService<CloudAdapter>();
            var bot = httpContext.RequestServices.GetRequiredService<IBot>();
            return adapter.ProcessAsync(httpContext.Request, httpContext.Response, bot, httpContext.RequestAborted);
        });

        endpoints.MapGet("/healthz", () => Results.Json(new { status = "ok" }));

        // Anyone who can reach the host can call this, so the body says only ready or not: the reason (exception,
        // account, table) is in the health check log.
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(TableStoreReadinessCheck.ReadinessTag),
            ResponseWriter = (httpContext, report) => httpContext.Response.WriteAsJsonAsync(
                new { status = report.Status == HealthStatus.Unhealthy ? "not ready" : "ready" }, httpContext.RequestAborted),
        });

        return endpoints;
    }
}
