using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoadDriver;

/// <summary>
/// The Bot Connector service as the bot sees it, on 127.0.0.1: answers every send, reply, update and delete under
/// /v3/conversations with a new activity id, as Teams does, and counts them.
/// </summary>
internal sealed class ChannelStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _replies;

    private ChannelStub(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = string.Empty;

    public long Replies => Interlocked.Read(ref _replies);

    public static async Task<ChannelStub> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new ChannelStub(app);
        app.Map("/v3/conversations/{**rest}", async (HttpContext context) =>
        {
            // Read the body as Teams would, then answer with an id.
            await context.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref stub._replies);
            return Results.Text(JsonSerializer.Serialize(new { id = Guid.NewGuid().ToString("N") }), "application/json");
        });
        await app.StartAsync();
        stub.ServiceUrl = $"http://127.0.0.1:{port}/";
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
