using System.Collections.Concurrent;
using System.Text.Json;
using BotCore.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>
/// A local stand-in for the Bot Connector service (what the Agents Playground plays): a real Kestrel server on
/// loopback that records every activity the bot sends, updates or deletes, and every conversation it creates.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    public string ServiceUrl { get; private set; } = string.Empty;

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.Map("/v3/conversations/{**rest}", connector.HandleAsync);
        app.MapPost("/v3/conversations", connector.HandleAsync);
        await app.StartAsync();
        connector.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return connector;
    }

    /// <summary>Activities sent to a conversation (new messages and replies), in order.</summary>
    public IReadOnlyList<Activity> Sent => [.. Calls.Where(c => c.Method == "POST" && c.Activity is not null && c.Path.Contains("/activities", StringComparison.Ordinal)).Select(c => c.Activity!)];

    public IReadOnlyList<ConnectorCall> Updates => [.. Calls.Where(c => c.Method == "PUT")];

    /// <summary>Conversations whose user blocked the bot: sends to them get Teams' 403 MessageWritesBlocked.</summary>
    public ConcurrentDictionary<string, bool> Blocked { get; } = new(StringComparer.Ordinal);

    public void Clear() => Calls.Clear();

    private async Task HandleAsync(HttpContext context)
    {
        Activity? activity = null;
        JsonElement? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContentType.Count > 0)
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            body = document.RootElement.Clone();
            if (body.Value.TryGetProperty("type", out _))
            {
                activity = body.Value.Deserialize<Activity>(BotJson.Options);
            }
        }

        var path = context.Request.Path.Value ?? string.Empty;
        if (context.Request.Method == "POST" && Blocked.Keys.Any(c => path.StartsWith($"/v3/conversations/{Uri.EscapeDataString(c)}/activities", StringComparison.Ordinal) || path.StartsWith($"/v3/conversations/{c}/activities", StringComparison.Ordinal)))
        {
            Calls.Enqueue(new ConnectorCall("BLOCKED", path, activity, body));
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "MessageWritesBlocked", message = "The bot is blocked." } });
            return;
        }

        Calls.Enqueue(new ConnectorCall(context.Request.Method, path, activity, body));
        var id = $"activity-{Interlocked.Increment(ref _nextId)}";
        await context.Response.WriteAsJsonAsync(new { id, activityId = id });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ConnectorCall(string Method, string Path, Activity? Activity, JsonElement? Body);
