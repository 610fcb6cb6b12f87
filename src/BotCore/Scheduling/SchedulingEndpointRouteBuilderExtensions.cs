using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotCore.Scheduling;

public static class SchedulingEndpointRouteBuilderExtensions
{
    public const string RunNowPath = "/api/dev/scheduler/run-now";

    /// <summary>How far ahead "run now" reaches when the request names no time: a monthly item is the longest wait in a demo.</summary>
    public static readonly TimeSpan DefaultRunNowHorizon = TimeSpan.FromDays(31);

    /// <summary>
    /// In Development only, maps <c>POST /api/dev/scheduler/run-now[?until=2026-12-01T09:00:00Z]</c>: runs now, once, every
    /// pending item due up to <c>until</c> (default 31 days ahead) and answers with a <see cref="DueWorkRun"/>. Requests
    /// from anywhere but this machine get 404, as does every request outside Development, where nothing is mapped.
    /// </summary>
    public static IEndpointRouteBuilder MapScheduledWorkRunNow(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return endpoints;
        }

        endpoints.MapPost(RunNowPath, async (HttpContext context, ScheduledWorkDispatcher dispatcher, TimeProvider time, DateTimeOffset? until) =>
        {
            // The connection's own address, never a forwarded header: this must not be reachable through a proxy.
            if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            {
                return Results.NotFound();
            }

            var cutoff = until ?? time.GetUtcNow() + DefaultRunNowHorizon;
            return Results.Json(await dispatcher.RunDueNowAsync(cutoff, context.RequestAborted).ConfigureAwait(false));
        });

        return endpoints;
    }
}
