using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TreatmentPlanBot.Tests.Features.Record;

/// <summary>A OneDrive upload session on loopback (Kestrel): records every PUT's bytes and Content-Range.</summary>
internal sealed class UploadEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UploadEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? ContentRange, byte[] Body)> Puts { get; } = new();

    public string Url(string name) => $"{_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/upload/{name}";

    public static async Task<UploadEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new UploadEndpoint(app);
        app.MapPut("/upload/{name}", async (HttpContext context) =>
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            endpoint.Puts.Enqueue((context.Request.Path, context.Request.Headers.ContentRange.ToString(), copy.ToArray()));
            return Results.Created("/files/1", new { id = "file-1" });
        });
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
