using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotCore.Tests.Connector;

/// <summary>What the server saw. <see cref="RawTarget"/> is the path exactly as sent, escapes included.</summary>
internal sealed record RecordedRequest(string Method, string RawTarget, string? Authorization, string Body, DateTimeOffset ReceivedAt)
{
    public string Path => RawTarget.Split('?')[0];

    public IReadOnlyDictionary<string, string> Form => Body
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);

    public IReadOnlyDictionary<string, string> Query => RawTarget.Contains('?')
        ? RawTarget.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]))
        : new Dictionary<string, string>();
}

internal sealed record Reply(int Status, string? Json = null, string? RetryAfter = null);

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, answering from a script and recording every request.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> RequestsTo(string pathPart) => Requests.Where(r => r.Path.Contains(pathPart, StringComparison.Ordinal)).ToList();

    /// <param name="respond">Answers a request; gets the request and how many requests came before it.</param>
    /// <param name="clock">The clock stamped on recorded requests.</param>
    public static async Task<LoopbackServer> StartAsync(Func<RecordedRequest, int, Reply> respond, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var recorded = new RecordedRequest(
                context.Request.Method,
                context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
                body,
                clock.GetUtcNow());
            var before = server!.Requests.Count;
            server.Requests.Enqueue(recorded);
            var reply = respond(recorded, before);
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = reply.RetryAfter;
            }

            if (reply.Json is not null)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(reply.Json, context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new LoopbackServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>Sends requests meant for a cloud host (the Entra token endpoint, the managed identity endpoint) to the loopback server instead.</summary>
internal sealed class RouteToLoopback(Uri loopback) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = new UriBuilder(request.RequestUri!) { Scheme = loopback.Scheme, Host = loopback.Host, Port = loopback.Port };
        request.RequestUri = target.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
