using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.People;

namespace TreatmentPlanBot.Tests.People;

/// <summary>One request as the fake Graph received it.</summary>
public sealed record GraphRequest(string Method, string Path, string RawQuery, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>What the fake Graph answers: a status, an optional JSON body and an optional Retry-After (seconds).</summary>
public sealed record GraphResponse(int Status, object? Body = null, int? RetryAfterSeconds = null)
{
    public static GraphResponse Ok(object body) => new(200, body);

    public static GraphResponse Error(int status, string code, int? retryAfterSeconds = null) =>
        new(status, new { error = new { code, message = "Synthetic failure from the fake Graph." } }, retryAfterSeconds);
}

/// <summary>
/// A local stand-in for Microsoft Graph: real Kestrel on a free loopback port, under /v1.0 like the real one. It
/// records every request (path, query, headers, body) and answers what the test scripted for "METHOD /path"; the last
/// scripted answer repeats. Anything unscripted gets 501, so a test never passes on a request it did not expect.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<GraphResponse>> _script = new(StringComparer.Ordinal);

    private FakeGraph(WebApplication app) => _app = app;

    public ConcurrentQueue<GraphRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new FakeGraph(app);
        app.Run(graph.HandleAsync);
        await app.StartAsync();
        graph.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1.0";
        return graph;
    }

    /// <summary>Answers "METHOD /v1.0/path" with these responses in turn, the last one repeating.</summary>
    public void On(string method, string path, params GraphResponse[] responses)
    {
        var queue = _script.GetOrAdd($"{method} {path}", _ => new ConcurrentQueue<GraphResponse>());
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var request = context.Request;
        Requests.Enqueue(new GraphRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.QueryString.Value ?? string.Empty,
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body));

        if (!_script.TryGetValue($"{request.Method} {request.Path.Value}", out var queue) || !queue.TryPeek(out var response))
        {
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return;
        }

        if (queue.Count > 1)
        {
            queue.TryDequeue(out _);
        }

        context.Response.StatusCode = response.Status;
        if (response.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.Body is not null)
        {
            await context.Response.WriteAsJsonAsync(response.Body);
        }
    }
}

/// <summary>
/// Tokens the test controls: each tenant gets "test-token-{tenant}", and every request for a token is recorded with
/// the tenant and scopes it was made for, so a test can assert exactly which bearer token Graph saw.
/// </summary>
public sealed class TestGraphCredentials : IGraphCredentials
{
    public ConcurrentQueue<(string Tenant, string[] Scopes)> TokenRequests { get; } = new();

    public static string TokenFor(string tenantId) => $"test-token-{tenantId}";

    public TokenCredential For(string tenantId) => new Credential(this, tenantId);

    private sealed class Credential(TestGraphCredentials owner, string tenantId) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            owner.TokenRequests.Enqueue((tenantId, requestContext.Scopes));
            return new AccessToken(TokenFor(tenantId), DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
