using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BotCore.Hosting;

public static class BotEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>POST /api/messages</c> (the channel's messaging endpoint) and <c>GET /healthz</c>.</summary>
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

        return endpoints;
    }
}
