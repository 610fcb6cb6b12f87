using System.Collections.Concurrent;
using System.Text.Json;
using BotCore.Schema;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TwoInstances;

/// <summary>
/// The Bot Connector service both instances send to, on 127.0.0.1: answers every send, reply, update and conversation
/// creation as Teams does (with a new id) and keeps each activity sent under the conversation it went to, so a run can
/// read the reply to each turn and count proactive sends per person.
/// </summary>
public sealed class RecordingChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Activity>> _sent = new(StringComparer.Ordinal);
    private long _nextId;

    private RecordingChannel(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = string.Empty;

    /// <summary>Every send, reply and update the bots made, of any conversation.</summary>
    public long Calls => Interlocked.Read(ref _nextId);

    /// <summary>Starts on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<RecordingChannel> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var channel = new RecordingChannel(app);
        app.MapPost("/v3/conversations", (Delegate)channel.CreateConversationAsync);
        app.Map("/v3/conversations/{conversationId}/activities/{**replyToId}", (Delegate)channel.ActivityAsync);
        await app.StartAsync();
        channel.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return channel;
    }

    /// <summary>What was sent to the conversation so far, in arrival order.</summary>
    public IReadOnlyList<Activity> SentTo(string conversationId) =>
        _sent.TryGetValue(conversationId, out var queue) ? [.. queue] : [];

    public int CountSentTo(string conversationId) => _sent.TryGetValue(conversationId, out var queue) ? queue.Count : 0;

    private async Task<IResult> ActivityAsync(HttpContext context, string conversationId)
    {
        var id = NextId();
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var activity = await JsonSerializer.DeserializeAsync<Activity>(context.Request.Body, BotJson.Options);
            if (activity is not null)
            {
                _sent.GetOrAdd(conversationId, _ => new ConcurrentQueue<Activity>()).Enqueue(activity);
            }
        }
        else
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
        }

        return Results.Json(new { id });
    }

    private async Task<IResult> CreateConversationAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
        return Results.Json(new { id = $"a:created-{NextId()}", activityId = NextId() });
    }

    private string NextId() => $"activity-{Interlocked.Increment(ref _nextId)}";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
