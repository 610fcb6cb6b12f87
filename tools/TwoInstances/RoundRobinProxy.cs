using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TwoInstances;

/// <summary>
/// A load balancer in front of the bot instances, on 127.0.0.1. Activities alternate per conversation (a conversation's
/// turn n goes to instance n mod count), so consecutive turns of one conversation always land on different instances;
/// every other request (the development endpoints) goes round robin. No affinity of any kind.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    private static readonly string[] HopByHop = ["Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Content-Length"];

    private readonly WebApplication _app;
    private readonly IReadOnlyList<Uri> _instances;
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(100) };
    private readonly ConcurrentDictionary<string, int> _turnsByConversation = new(StringComparer.Ordinal);
    private readonly long[] _requestsByInstance;
    private long _otherRequests;
    private long _switches;

    private RoundRobinProxy(WebApplication app, IReadOnlyList<Uri> instances)
    {
        _app = app;
        _instances = instances;
        _requestsByInstance = new long[instances.Count];
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Requests forwarded to each instance, in the order the instances were given.</summary>
    public IReadOnlyList<long> RequestsByInstance => [.. _requestsByInstance.Select(n => Interlocked.Read(ref n))];

    /// <summary>Turns that went to a different instance than the turn before them in the same conversation.</summary>
    public long InstanceSwitches => Interlocked.Read(ref _switches);

    public static async Task<RoundRobinProxy> StartAsync(int port, IReadOnlyList<Uri> instances)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new RoundRobinProxy(app, instances);
        app.Map("/{**path}", proxy.ForwardAsync);
        await app.StartAsync();
        proxy.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var target = PickInstance(context.Request.Path, body);
        Interlocked.Increment(ref _requestsByInstance[target]);

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_instances[target], context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString));
        if (body.Length > 0 || !HttpMethods.IsGet(context.Request.Method))
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(header.Key, StringComparer.OrdinalIgnoreCase))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private int PickInstance(PathString path, byte[] body)
    {
        if (path.StartsWithSegments("/api/messages") && ConversationOf(body) is { } conversation)
        {
            var turn = _turnsByConversation.AddOrUpdate(conversation, 0, (_, n) => n + 1);
            if (turn > 0 && _instances.Count > 1)
            {
                Interlocked.Increment(ref _switches);
            }

            return turn % _instances.Count;
        }

        return (int)(Interlocked.Increment(ref _otherRequests) % _instances.Count);
    }

    private static string? ConversationOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("conversation", out var conversation) && conversation.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }
}
